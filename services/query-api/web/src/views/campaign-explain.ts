import { h } from '../dom';
import type { Blocker, CampaignExplanation, GoalExplanation } from '../types';

const PARTICIPATION: Record<string, string> = {
  'not-joined': 'the client has not joined (the campaign needs a join)',
  exited: 'the client exited the campaign',
  'joined-after-period': 'the client joined after this period',
};
const AVAILABILITY: Record<string, string> = {
  inactive: 'the campaign is inactive',
  'not-started': 'the campaign has not started',
  ended: 'the campaign has ended',
};

function blockerText(b: Blocker): string {
  switch (b.rule) {
    case 'already-elapsed':
      return 'already elapsed for this period';
    case 'availability':
      return AVAILABILITY[b.reason ?? ''] ?? `not available (${b.reason ?? 'unknown'})`;
    case 'participation':
      return PARTICIPATION[b.reason ?? ''] ?? `not eligible (${b.reason ?? 'unknown'})`;
    case 'goals':
      return b.reason === 'adhoc-not-checked'
        ? 'an ad-hoc goal has not been checked yet'
        : 'no goal rule is fully met';
    case 'limit': {
      const stop = b.stop;
      if (!stop) return 'an earning limit applies';
      if (stop.reason === 'times-exhausted') return 'the earning limit on times is used up';
      if (stop.reason === 'stacking')
        return `no stacking: ${stop.blockedBy ?? 'another campaign'} already granted`;
      return `${stop.reason.replace('-', ' ')}${stop.remaining !== undefined ? `, ${stop.remaining} left` : ''}`;
    }
    default:
      return b.rule;
  }
}

function goalText(g: GoalExplanation): string {
  if (g.source === 'adhoc') {
    const state =
      g.met === 'not-checked'
        ? 'not checked yet'
        : g.met
          ? `met${g.cached ? ' (cached first check)' : ''}`
          : 'not met';
    return `ad-hoc goal ${g.goalId}: ${state}`;
  }
  const progress = g.progress
    ? ` — ${g.progress.value} of ${g.progress.target} (${g.progress.type}), ${g.progress.missing} missing`
    : '';
  return `goal ${g.goalId}: ${g.met ? 'met' : 'not met'}${progress}`;
}

/** R24 in words: the period, each OR group with its AND goals, and what blocks a grant. */
export function explanationCard(e: CampaignExplanation): HTMLElement {
  const title = h(
    'h4',
    {},
    `Campaign ${e.campaign}`,
    e.period ? ` · period ${e.period.begin} – ${e.period.end}` : '',
  );
  if (!e.period) {
    return h(
      'article',
      { class: 'explain', 'data-campaign': e.campaign },
      title,
      h('p', { class: 'verdict no' }, `Not elapsed: ${e.reason ?? 'no period to evaluate'}.`),
    );
  }
  const elapsed =
    e.evaluation?.kind === 'elapsed' ||
    e.blockers?.some((b) => b.rule === 'already-elapsed') === true;
  const blockers = (e.blockers ?? []).filter((b) => b.rule !== 'already-elapsed');
  const verdict = elapsed
    ? h('p', { class: 'verdict yes' }, 'Elapsed: a goal rule is met for this period.')
    : h(
        'p',
        { class: 'verdict no' },
        `Not elapsed: ${blockers.map(blockerText).join('; ') || 'no rule met yet'}.`,
      );
  const groups = (e.groups ?? []).map((g) =>
    h(
      'li',
      {},
      h(
        'strong',
        {},
        `Rule ${g.id} (all of): ${g.satisfied === true ? 'met' : g.satisfied === false ? 'not met' : 'unknown'}`,
      ),
      h(
        'ul',
        {},
        ...g.goals.map((goal) =>
          h('li', { class: goal.met === true ? 'met' : 'unmet' }, goalText(goal)),
        ),
      ),
    ),
  );
  return h(
    'article',
    { class: 'explain', 'data-campaign': e.campaign },
    title,
    verdict,
    groups.length ? h('p', {}, 'Any one rule is enough:') : null,
    groups.length ? h('ul', { class: 'groups' }, ...groups) : null,
    elapsed && blockers.length
      ? h('p', {}, `Limits: ${blockers.map(blockerText).join('; ')}.`)
      : null,
  );
}
