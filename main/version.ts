// Sigil's version, where a program must say which Sigil it is (the
// User-Agent of tile requests). Kept equal to package.json's by a test.

export const SIGIL_VERSION = '0.1.0';
