import { setPasswordCost } from '../../src/features/auth/password.ts';

// Password hashes at scrypt's production cost (N = 2^17, about 128 MiB and a few tenths of a second each)
// would make every test that creates or signs in a user slow: tests hash at N = 2^14 instead, as through
// JINGZHUN_SCRYPT_LOG2N, which servers started by a test inherit. auth.test checks the production default.
process.env.JINGZHUN_SCRYPT_LOG2N ??= '14';
setPasswordCost(Number(process.env.JINGZHUN_SCRYPT_LOG2N));
