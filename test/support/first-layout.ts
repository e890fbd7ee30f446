import type { Snapshot } from '../../mock-server/src/store/snapshot';

/** The snapshot in the first layout (`user-directory-mock/1`), every row an object on its own line. */
export function firstLayoutText(s: Snapshot): string {
  const tables = Object.entries(s.tables).map(
    ([name, rows]) => `${JSON.stringify(name)}:[${rows.map((r, i) => (i ? ',\n' : '\n') + JSON.stringify(r)).join('')}${rows.length ? '\n' : ''}]`,
  );
  return (
    `{"format":"user-directory-mock/1","product":${JSON.stringify(s.product)},"seq":${s.seq},"seed":${JSON.stringify(s.seed)},\n` +
    `"meta":${JSON.stringify(s.meta)},\n"tables":{\n${tables.join(',\n')}\n}}\n`
  );
}
