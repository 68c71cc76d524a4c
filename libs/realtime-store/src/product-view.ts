/** One product view as the store sees it (times in ms since the epoch). */
export interface ProductView {
  eventId: string;
  /** user_id, or the anonymous id when the viewer is not identified. */
  userId: string;
  productId: string;
  categoryId: string;
  platform: string;
  occurredAt: number;
  receivedAt: number;
}

/** A view reduced to what the window needs, as the log stores it. */
export interface WindowView {
  occurredAt: number;
  userId: string;
  categoryId: string;
  platform: string;
}

// Ids never contain whitespace (event contract), so a tab separates fields safely.
const SEP = '\t';

export function encodeWindowView(view: WindowView): string {
  return [view.occurredAt, view.userId, view.categoryId, view.platform].join(SEP);
}

export function decodeWindowView(text: string): WindowView | undefined {
  const [occurred, userId, categoryId, platform] = text.split(SEP);
  if (
    occurred === undefined ||
    userId === undefined ||
    categoryId === undefined ||
    platform === undefined
  ) {
    return undefined;
  }
  return { occurredAt: Number(occurred), userId, categoryId, platform };
}
