import bcrypt from 'bcryptjs';

const COST = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** Compared against when the user name is unknown, so that a wrong name takes as long as a wrong password. */
export const DUMMY_PASSWORD_HASH = bcrypt.hashSync('no user has this password', COST);
