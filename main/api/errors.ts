// Handlers throw an ApiRequestError (protocol/answers.ts) for a request
// that cannot be done, or let a core error with a readable message through;
// the service turns either into a `service.error` answer.

/** The readable part of anything a handler threw. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return String(error);
}
