/** Commander option parsers that reject bad values with the flag's name and the accepted range. */
import { InvalidArgumentError } from 'commander';

export function parseIntOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} takes an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function parsePositiveNumber(flag: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(`${flag} takes a number above 0 and at most ${max}, got "${value}"`);
    }
    return n;
  };
}
