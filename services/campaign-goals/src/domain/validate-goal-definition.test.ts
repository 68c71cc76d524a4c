import { adhocValidationOf, type AdhocGoal } from '@tributary/schemas';
import { validateGoalDefinition } from './validate-goal-definition';

const streamGoal = {
  'goal-id': 101,
  source: 'stream',
  'stream-id': 1,
  target: '1000',
  type: 'amount',
  'client-id': '3855206900',
  trigger: 'when-reach',
};
const adhocGoal = {
  'goal-id': 1101,
  source: 'adhoc',
  expression: "response.data.person.gender == 'female'",
  query: 'api.burgan.com.tr/getprofile/{{clientid}}',
  'campaign-validation': 'first-check',
};
const paths = (input: unknown): string[] => {
  const result = validateGoalDefinition(input);
  return result.ok ? [] : result.issues.map((i) => i.path);
};

describe('validateGoalDefinition', () => {
  it("Given the seed's goals (ids as numbers, target as text) Then they are valid", () => {
    expect(paths(streamGoal)).toEqual([]);
    expect(paths(adhocGoal)).toEqual([]);
    expect(
      paths({ ...streamGoal, target: 1000, 'client-id': 3855206900, trigger: 'after-full-end' }),
    ).toEqual([]);
  });

  it("Given the seed's spelling campaing-validation (R25) Then it is accepted and read", () => {
    const seedSpelling: Record<string, unknown> = {
      ...adhocGoal,
      'campaing-validation': 'every-check',
    };
    delete seedSpelling['campaign-validation'];
    const result = validateGoalDefinition(seedSpelling);
    expect(result.ok).toBe(true);
    if (result.ok) expect(adhocValidationOf(result.value as AdhocGoal)).toBe('every-check');
  });

  it('Given an empty or absent expression Then the goal is valid (boolean body or 2xx decides)', () => {
    expect(paths({ ...adhocGoal, expression: '' })).toEqual([]);
    const noExpression: Record<string, unknown> = { ...adhocGoal };
    delete noExpression.expression;
    expect(paths(noExpression)).toEqual([]);
  });

  it.each([
    [{ ...streamGoal, source: 'crystal-ball' }, '/source'],
    [{ ...streamGoal, target: '-5' }, '/target'],
    [{ ...streamGoal, target: 'lots' }, '/target'],
    [{ ...streamGoal, type: 'times', target: '2.5' }, '/target'],
    [{ ...streamGoal, type: 'amount | times' }, '/type'],
    [{ ...streamGoal, trigger: 'sometimes' }, '/trigger'],
    [{ ...adhocGoal, expression: 'import({}, {})' }, '/expression'],
    [{ ...adhocGoal, expression: "response.gender = 'female'" }, '/expression'],
    [{ ...adhocGoal, query: 'ftp://x/{{clientid}}' }, '/query'],
    [{ ...adhocGoal, 'campaign-validation': undefined }, '/campaign-validation'],
    [{ ...adhocGoal, 'campaing-validation': 'every-check' }, '/campaing-validation'],
    [{ ...adhocGoal, 'campaign-validation': 'sometimes' }, '/campaign-validation'],
  ])('Given a bad goal Then the issue names %#: %s', (input, path) => {
    expect(paths(input)).toContain(path);
  });

  // The id contract (libs/schemas ids.ts): what goals.achieved and campaign-core cannot carry is
  // refused here, at definition time, not dead-lettered downstream.
  it.each([
    [{ ...streamGoal, 'goal-id': 3_000_000_000 }, '/goal-id'],
    [{ ...streamGoal, 'goal-id': '3000000000' }, '/goal-id'],
    [{ ...streamGoal, 'goal-id': 'gold' }, '/goal-id'],
    [{ ...streamGoal, 'stream-id': 3_000_000_000 }, '/stream-id'],
    [{ ...streamGoal, 'stream-id': 'bills' }, '/stream-id'],
    [{ ...streamGoal, 'client-id': 'c'.repeat(65) }, '/client-id'],
    [{ ...streamGoal, 'client-id': 'nul\u0000client' }, '/client-id'],
    [{ ...adhocGoal, 'goal-id': 3_000_000_000 }, '/goal-id'],
  ])('Given an id outside the contract Then it is refused naming it %#: %s', (input, path) => {
    const result = validateGoalDefinition(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const issue = result.issues.find((i) => i.path === path);
      expect(issue?.message).toMatch(/integer from 1 to 2147483647|64|control/);
    }
  });

  it('Given ids inside the contract as text Then they are valid', () => {
    expect(paths({ ...streamGoal, 'goal-id': '2147483647', 'stream-id': '1' })).toEqual([]);
    expect(paths({ ...streamGoal, 'client-id': 'c'.repeat(64) })).toEqual([]);
  });
});
