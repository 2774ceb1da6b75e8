// One error type for everything wrong with the definitions, so the CLI can
// tell "the XML is bad" (a clear message, exit 1) from a bug in the generator.

export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}
