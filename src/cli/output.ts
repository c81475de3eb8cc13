/** Output for people (tables, progress bars) and for machines (`--json`: one JSON object). */
import { SingleBar, Presets } from 'cli-progress';
import Table from 'cli-table3';

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined));
}

export function printTable(head: string[], rows: (string | number | null | undefined)[][]): void {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  console.log(table.toString());
}

export function printFields(fields: Record<string, string | number | boolean | null | undefined>): void {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [key, value] of Object.entries(fields)) console.log(`${key.padEnd(width)}  ${value ?? ''}`);
}

export function progressBar(label: string): SingleBar {
  return new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} pages | {detail}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
    Presets.shades_classic,
  );
}

export const formatDate = (value: Date | string | null | undefined): string =>
  value ? new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
