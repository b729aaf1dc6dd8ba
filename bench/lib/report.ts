/**
 * The shape every bench section reports in, and the files `npm run bench` writes. A figure always stands
 * beside a baseline measured in the same run on the same machine, and the ratio is what to compare across
 * machines; absolute numbers are only for context. Nothing here asserts: goals are reported, not enforced.
 */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineName: string;
  /** The goal as people read it, e.g. "≥ 0.5× baseline" or "p99 < 1 ms". */
  goal?: string;
  /** Whether the goal was met in this run, when the section can tell. */
  met?: boolean;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  /** How it was measured (counts, rates, flags), printed under the table. */
  notes?: string[];
}

export interface BenchReport {
  startedAt: string;
  durationMs: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  sections: BenchSection[];
}

/** value / baseline: above 1 the figure is larger (slower for a latency, faster for a throughput). */
export function ratio(row: Pick<BenchRow, 'value' | 'baseline'>): number {
  return row.baseline === 0 ? Number.NaN : row.value / row.baseline;
}

const fmt = (n: number) => {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  return abs >= 100 ? Math.round(n).toLocaleString('en-US') : abs >= 10 ? n.toFixed(1) : n.toFixed(2);
};

export function renderMarkdown(report: BenchReport): string {
  const lines = [
    '# Bench results',
    '',
    `${report.startedAt}, ${(report.durationMs / 1000).toFixed(0)} s; ${report.machine.cpus} × ${report.machine.cpuModel}; Node ${report.machine.node} on ${report.machine.platform}.`,
    'Ratios compare each figure with a baseline measured in the same run (see docs/bench.md).',
  ];
  for (const section of report.sections) {
    lines.push(
      '',
      `## ${section.title}`,
      '',
      '| figure | value | baseline | ratio | goal |',
      '|---|---:|---:|---:|---|',
    );
    for (const row of section.rows) {
      const verdict = row.met === undefined ? '' : row.met ? ' ✅' : ' ❌';
      lines.push(
        `| ${row.name} | ${fmt(row.value)} ${row.unit} | ${fmt(row.baseline)} ${row.unit} (${row.baselineName}) | ${fmt(ratio(row))}× | ${row.goal ?? ''}${verdict} |`,
      );
    }
    if (section.notes?.length) lines.push('', ...section.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}
