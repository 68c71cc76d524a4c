import { describeError, getAll, getJson, isNotFound } from '../api';
import { empty, failure, h, loading, show, table } from '../dom';
import { fmtMoney, fmtTime } from '../format';
import type {
  CampaignRealizationRow,
  GoalRealizationRow,
  ParticipationRow,
  StreamDataRow,
} from '../types';
import { explanationCard } from './campaign-explain';
import type { View } from './view';

const json = (value: unknown): string =>
  value === null || value === undefined ? '' : JSON.stringify(value);

export const campaignsView: View = (container) => {
  let generation = 0;
  const client = h('input', {
    id: 'client-id',
    name: 'client-id',
    required: true,
    autocomplete: 'off',
    inputmode: 'text',
    placeholder: 'e.g. 3855206900',
  });
  const campaign = h('input', {
    id: 'campaign-id',
    name: 'campaign-id',
    inputmode: 'numeric',
    pattern: '[0-9]*',
    placeholder: 'optional, e.g. 9001',
  });
  const form = h(
    'form',
    { class: 'lookup', role: 'search', 'aria-label': 'Client lookup' },
    h('label', { for: 'client-id' }, 'Client id'),
    client,
    h('label', { for: 'campaign-id' }, 'Explain campaign'),
    campaign,
    h('button', { type: 'submit' }, 'Look up'),
  );
  const results = h(
    'div',
    { id: 'client-results', 'aria-live': 'polite', 'aria-busy': 'false' },
    empty(
      'Enter a client id to see its stream periods, goals, participations and campaign realizations.',
    ),
  );
  show(
    container,
    h(
      'section',
      { 'aria-labelledby': 'camp-h' },
      h('h2', { id: 'camp-h' }, 'Campaigns: a client'),
      form,
      results,
    ),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = client.value.trim();
    if (!id) return;
    const mine = ++generation;
    void lookUp(results, id, campaign.value.trim(), () => mine !== generation);
  });
  return () => {
    generation += 1;
  };
};

async function lookUp(
  target: HTMLElement,
  clientId: string,
  extraCampaign: string,
  stale: () => boolean,
): Promise<void> {
  target.setAttribute('aria-busy', 'true');
  show(target, loading(`client ${clientId}`));
  const base = `/v1/clients/${encodeURIComponent(clientId)}`;
  try {
    const [streams, goals, participations, realizations] = await Promise.all([
      getAll<StreamDataRow>(`${base}/stream-data`),
      getAll<GoalRealizationRow>(`${base}/goal-realizations`),
      getAll<ParticipationRow>(`${base}/participations`),
      getAll<CampaignRealizationRow>(`${base}/campaign-realizations`),
    ]);
    if (stale()) return;
    const campaignIds = [
      ...new Set([
        ...participations.map((p) => String(p.campaign)),
        ...realizations.map((r) => String(r.campaign)),
        ...(extraCampaign ? [extraCampaign] : []),
      ]),
    ];
    const explanations = h(
      'section',
      { 'aria-labelledby': 'explain-h' },
      h('h3', { id: 'explain-h' }, 'Why a campaign is or is not elapsed'),
      campaignIds.length === 0
        ? empty(
            'No campaign to explain: the client takes part in none yet. Name one above to explain it.',
          )
        : loading('explanations'),
    );
    const nothing =
      streams.length + goals.length + participations.length + realizations.length === 0;
    show(
      target,
      nothing ? empty(`No data for client ${clientId}.`) : null,
      section('Stream periods', streams.length, streamTable(streams)),
      section('Goal realizations', goals.length, goalTable(goals)),
      section('Participations', participations.length, participationTable(participations)),
      section('Campaign realizations', realizations.length, realizationTable(realizations)),
      explanations,
    );
    if (campaignIds.length > 0) {
      const cards = await Promise.all(campaignIds.map((id) => explain(base, id)));
      if (!stale()) show(explanations, explanations.firstElementChild, ...cards);
    }
  } catch (error) {
    if (!stale())
      show(target, failure(`Could not load client ${clientId}: ${describeError(error)}`));
  } finally {
    if (!stale()) target.setAttribute('aria-busy', 'false');
  }
}

async function explain(base: string, campaignId: string): Promise<HTMLElement> {
  try {
    return explanationCard(
      await getJson(`${base}/campaigns/${encodeURIComponent(campaignId)}/explain`),
    );
  } catch (error) {
    if (isNotFound(error))
      return h(
        'article',
        { class: 'explain' },
        h('h4', {}, `Campaign ${campaignId}`),
        empty('No such campaign.'),
      );
    return h(
      'article',
      { class: 'explain' },
      h('h4', {}, `Campaign ${campaignId}`),
      failure(describeError(error)),
    );
  }
}

function section(title: string, count: number, content: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'client-part' },
    h('h3', {}, `${title} (${count})`),
    count === 0 ? empty(`No ${title.toLowerCase()}.`) : content,
  );
}

const streamTable = (rows: StreamDataRow[]) =>
  table(
    'Stream data per period',
    [
      { label: 'Client', value: (r) => r.client },
      { label: 'Stream', value: (r) => r.stream },
      { label: 'State', value: (r) => h('span', { class: `badge ${r.state}` }, r.state) },
      { label: 'Currency', value: (r) => r.currency },
      { label: 'Begin', value: (r) => r.begin },
      { label: 'End', value: (r) => r.end },
      { label: 'Full End', value: (r) => r['full-end'] },
      { label: 'Amount', value: (r) => fmtMoney(r.amount), numeric: true },
      { label: 'Times', value: (r) => r.times, numeric: true },
    ],
    rows,
    'stream-data-table',
  );

const goalTable = (rows: GoalRealizationRow[]) =>
  table(
    'Goal realizations',
    [
      { label: 'Client', value: (r) => r.client },
      { label: 'Goal', value: (r) => r.goal },
      { label: 'Elapsed', value: (r) => fmtTime(r.elapsed) },
      { label: 'Begin', value: (r) => r.begin },
      { label: 'End', value: (r) => r.end },
    ],
    rows,
    'goal-realizations-table',
  );

const participationTable = (rows: ParticipationRow[]) =>
  table(
    'Participations',
    [
      { label: 'Client', value: (r) => r.client },
      { label: 'Campaign', value: (r) => r.campaign },
      { label: 'Status', value: (r) => h('span', { class: `badge ${r.status}` }, r.status) },
      { label: 'Joined At', value: (r) => fmtTime(r['joined-at']) },
      { label: 'Join Info', value: (r) => h('code', {}, json(r['join-info'])) },
    ],
    rows,
    'participations-table',
  );

const realizationTable = (rows: CampaignRealizationRow[]) =>
  table(
    'Campaign realizations',
    [
      { label: 'Client', value: (r) => r.client },
      { label: 'Campaign', value: (r) => r.campaign },
      { label: 'Status', value: (r) => h('span', { class: `badge ${r.status}` }, r.status) },
      { label: 'Begin', value: (r) => r.begin },
      { label: 'End', value: (r) => r.end },
      { label: 'Completed Goals', value: (r) => r['completed-goals'].join(', ') },
      {
        label: 'Earning',
        value: (r) =>
          r.earning
            ? `${fmtMoney(r.earning.amount)} ${r.earning.currency}${Number(r.earning.ratio) > 0 ? ` + ${r.earning.ratio}%` : ''}`
            : '—',
      },
      { label: 'Action Result', value: (r) => h('code', {}, json(r['action-result'])) },
    ],
    rows,
    'campaign-realizations-table',
  );
