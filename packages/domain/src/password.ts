/** The password rule: at least 8 characters, with letters and digits, at most 128. */
export function isStrongPassword(password: string): boolean {
  return password.length >= 8 && password.length <= 128 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
