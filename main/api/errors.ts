// A request that could not be done, with a sentence for the person who
// asked. Handlers throw it (or let a core error with a readable message
// through); the service turns either into a `service.error` answer.

export class ApiError extends Error {
  override readonly name = 'ApiError';
}

/** The readable part of anything a handler threw. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return String(error);
}
