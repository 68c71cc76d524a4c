import { getJson } from '../api';
import { h, show, table } from '../dom';
import { fmtPct } from '../format';

/** GET /v1/attribution/truth: each model's share per channel beside the true share. */
export interface TruthAnswer {
  run_id: string;
  models: string[];
  channels: {
    channel: string;
    true_conversions: number;
    true_share: number;
    models: Record<string, { share: number; error: number }>;
  }[];
  mean_absolute_error: Record<string, number>;
}

/** An error in percentage points, signed: `+3.2 pp`, `−0.4 pp`, `0.0 pp`. */
export function fmtPoints(error: number): string {
  const points = Math.abs(error * 100).toFixed(1);
  const sign = points === '0.0' ? '' : error > 0 ? '+' : '−';
  return `${sign}${points} pp`;
}

type Row = { kind: 'truth' } | { kind: 'model'; model: string };

/** Model x channel: each model's share with its error beneath, the true share on top. */
export function truthTable(answer: TruthAnswer, smart: string): HTMLElement {
  const models = [...answer.models].sort(
    (a, b) => (answer.mean_absolute_error[a] ?? 0) - (answer.mean_absolute_error[b] ?? 0),
  );
  const rows: Row[] = [
    { kind: 'truth' },
    ...models.map((model) => ({ kind: 'model', model }) as Row),
  ];
  const cell = (share: number, error: number) =>
    h(
      'span',
      { class: 'truth-cell' },
      fmtPct(share),
      h('br', {}),
      h('small', { class: Math.abs(error) >= 0.05 ? 'truth-off' : undefined }, fmtPoints(error)),
    );
  return table<Row>(
    'Each model’s share of conversions per channel, its error against the true share beneath (models best first)',
    [
      {
        label: 'Model',
        value: (r) =>
          r.kind === 'truth'
            ? h('strong', {}, 'True share')
            : r.model === smart
              ? `${r.model} (smart)`
              : r.model,
      },
      ...answer.channels.map((c) => ({
        label: c.channel,
        numeric: true,
        value: (r: Row) => {
          if (r.kind === 'truth') return h('strong', {}, fmtPct(c.true_share));
          const credit = c.models[r.model] ?? { share: 0, error: -c.true_share };
          return cell(credit.share, credit.error);
        },
      })),
      {
        label: 'Mean abs. error',
        numeric: true,
        value: (r) =>
          r.kind === 'truth'
            ? ''
            : fmtPoints(answer.mean_absolute_error[r.model] ?? 0).replace(/^\+/, ''),
      },
    ],
    rows,
    'truth-table',
  );
}

/**
 * The "truth" section: on the demo's synthetic data, whose true channel effects the generator
 * knows, each model's credit beside the true incremental share. Hidden unless the route answers
 * 200 (no truth file configured, as in production, answers 404).
 */
export function truthSection(
  runId: string,
  smart: string,
): { element: HTMLElement; stop: () => void } {
  let stopped = false;
  const state = h('div', {});
  const element = h(
    'section',
    { 'aria-labelledby': 'attr-truth-h', 'data-testid': 'truth', hidden: true },
    h('h3', { id: 'attr-truth-h' }, 'Against the truth (demo data)'),
    state,
  );
  void (async () => {
    try {
      const answer = await getJson<TruthAnswer>(
        `/v1/attribution/truth?${new URLSearchParams({ run_id: runId }).toString()}`,
      );
      if (stopped) return;
      show(
        state,
        h(
          'p',
          { class: 'note', 'data-testid': 'truth-note' },
          'The demo’s generator decides which touch caused each order, so each channel’s true share of the orders is known: each cell is a model’s share, and beneath it the error (model − truth, in percentage points).',
        ),
        truthTable(answer, smart),
      );
      element.hidden = false;
    } catch {
      // No truth to compare with (production, or no run yet): the section stays hidden.
    }
  })();
  return {
    element,
    stop: () => {
      stopped = true;
    },
  };
}
