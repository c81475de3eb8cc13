/** Sync intervals as people write them: `90s`, `30m`, `1h`, `1d`. */
import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,6})(s|m|h|d)$/;
// Range checks only for well-formed values: the format check has already said what is wrong.
const msOrNaN = (value: string) => (DURATION.test(value) ? durationToMs(value) : Number.NaN);

export const syncIntervalSchema = z
  .string()
  .trim()
  .regex(DURATION, 'must be a number and a unit: s, m, h or d (e.g. 30m, 1h)')
  .refine((value) => !(msOrNaN(value) < 60_000), 'must be at least 1m (HiBob allows 50 people searches a minute)')
  .refine((value) => !(msOrNaN(value) > 30 * UNIT_MS.d), 'must be at most 30d');

export function durationToMs(value: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) throw new Error(`Not a duration: ${value}`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
