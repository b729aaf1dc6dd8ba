/** Runs only the client-core bench and prints its rows (the shared `npm run bench` calls `runCoreBench`). */
import { runCoreBench } from './core-bench.ts';

const section = await runCoreBench();
console.log(`\n${section.title}`);
for (const row of section.rows) {
  const ratio = row.baseline === 0 ? '–' : (row.value / row.baseline).toFixed(2);
  console.log(
    `  ${row.name}: ${row.value.toFixed(3)} ${row.unit} (baseline ${row.baseline.toFixed(3)}, ${row.baselineName}; ${ratio}×)${row.goal ? `  goal ${row.goal}: ${row.met ? 'met' : 'missed'}` : ''}`,
  );
}
for (const note of section.notes ?? []) console.log(`  - ${note}`);
