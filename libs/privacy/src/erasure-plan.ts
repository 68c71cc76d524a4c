import type { ErasureSubject } from './erasure-request';

/**
 * The erasure's steps, in order. Suppression comes first so nothing the stitcher is storing at
 * that moment lands after the deletions; the subject's ids are forgotten last.
 */
export const ERASURE_STEPS = [
  'suppress',
  'suppress_realtime',
  'raw_events',
  'customer_journeys',
  'non_converting_paths',
  'report_sets',
  'identity_links',
  'recently_viewed',
  'live_window',
  'campaign',
  'forget_subject',
] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

export interface StepMark {
  done: true;
  counts: Record<string, number>;
  finished_at: string;
}
export type StepMarks = Partial<Record<ErasureStep, StepMark>>;

/** The steps still to run: a restart continues from the first one without a mark. */
export function pendingSteps(marks: StepMarks): ErasureStep[] {
  const first = ERASURE_STEPS.findIndex((step) => marks[step] === undefined);
  return first < 0 ? [] : ERASURE_STEPS.slice(first);
}

/** The identity links that touch the subject, as the warehouse holds them. */
export interface SubjectLinks {
  /** For an anonymous subject: the user its link names, if any. */
  linkedUser?: string;
  /** Every anonymous id linked to the (resolved) user. */
  anonymousIds: readonly string[];
}

/**
 * Everything identity links tie to the subject: an anonymous id linked to a user stands for that
 * user, whose own id and every linked anonymous id are erased with it. Sorted, unique.
 */
export function resolveIds(subject: ErasureSubject, links: SubjectLinks): string[] {
  const ids = new Set<string>([subject.id, ...links.anonymousIds]);
  if (subject.kind === 'anonymous_id' && links.linkedUser !== undefined) ids.add(links.linkedUser);
  return [...ids].sort();
}

/** The user whose links should be gathered, once the subject's own link is known. */
export function userToGather(subject: ErasureSubject, linkedUser?: string): string | undefined {
  return subject.kind === 'user_id' ? subject.id : linkedUser;
}
