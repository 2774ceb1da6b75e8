// A sealer for tests that keep a simulated vehicle's key across a restart:
// the real operator-secret sealing, with a secret known to the tests.

import { operatorSecretEncryptor } from '../operator-secret';

export const TEST_SEAL_SECRET = 'a sealing secret for the tests only';
export const testSealer = operatorSecretEncryptor(TEST_SEAL_SECRET, 'the tests');
