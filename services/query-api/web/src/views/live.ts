import { describeError, getJson, streamTicketUrl } from '../api';
import { Chart } from '../charts';
import { failure, h, show, table } from '../dom';
import { fmtInt, fmtTime } from '../format';
import type { CategoriesWindow, PlatformsWindow, UsersWindow, WindowSnapshot } from '../types';
import type { View } from './view';

// Five minutes of one-second frames for the sparkline.
const HISTORY_POINTS = 300;
const TOP = 10;

interface Counts {
  users: number;
  categories: number;
  platforms: number;
  views: number;
}

export const liveView: View = (container) => {
  const status = h(
    'p',
    { class: 'live-status', role: 'status', 'data-testid': 'live-status' },
    'Connecting…',
  );
  const stat = (id: string, label: string) =>
    h(
      'div',
      { class: 'stat' },
      h('span', { class: 'stat-label', id: `${id}-label` }, label),
      h(
        'output',
        { class: 'stat-value', id, 'aria-labelledby': `${id}-label`, 'data-testid': id },
        '…',
      ),
    );
  // One polite live region for the counts: they are announced when they change, not every frame.
  const stats = h(
    'div',
    { class: 'stats', 'aria-live': 'polite', 'aria-atomic': 'true' },
    stat('live-users', 'Users'),
    stat('live-categories', 'Categories'),
    stat('live-platforms', 'Platforms'),
    stat('live-views', 'Product views'),
  );
  const canvas = h('canvas', {
    id: 'live-sparkline',
    role: 'img',
    'aria-label': 'Product views in the 5-minute window, over the last minutes',
  });
  const lists = h('div', { class: 'live-lists' });
  show(
    container,
    h(
      'section',
      { 'aria-labelledby': 'live-h' },
      h('h2', { id: 'live-h' }, 'Marketing live: the last 5 minutes'),
      status,
      stats,
      h('div', { class: 'spark-box' }, canvas),
      lists,
    ),
  );

  const labels: string[] = [];
  const points: number[] = [];
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'Views in window',
          data: points,
          borderColor: '#0072B2',
          backgroundColor: 'rgba(0,114,178,0.15)',
          fill: true,
          pointRadius: 0,
          tension: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { display: false }, y: { beginAtZero: true, ticks: { maxTicksLimit: 4 } } },
    },
  });

  let last: Counts | undefined;
  const render = (snapshot: WindowSnapshot) => {
    const counts = {
      users: snapshot.distinct_users,
      categories: snapshot.distinct_categories,
      platforms: snapshot.distinct_platforms,
      views: snapshot.total_views,
    };
    if (!last || Object.entries(counts).some(([k, v]) => last?.[k as keyof Counts] !== v)) {
      setText('live-users', counts.users);
      setText('live-categories', counts.categories);
      setText('live-platforms', counts.platforms);
      setText('live-views', counts.views);
      show(lists, ...windowTables(snapshot));
    }
    last = counts;
    labels.push(snapshot.at);
    points.push(snapshot.total_views);
    if (points.length > HISTORY_POINTS) {
      labels.shift();
      points.shift();
    }
    chart.update('none');
    status.textContent = `Live · window ${fmtTime(snapshot.window_start)} – ${fmtTime(snapshot.at)}`;
    status.className = 'live-status ok';
  };

  let stopped = false;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  // Each connection takes a fresh single-use ticket, so the browser's own reconnect (which would
  // present the used one) is replaced by ours.
  const connect = async (): Promise<void> => {
    let url: string;
    try {
      url = await streamTicketUrl('/v1/realtime/stream');
    } catch (error) {
      if (stopped) return;
      status.textContent = `Live updates stopped: ${describeError(error)}. Reload or sign in again.`;
      status.className = 'live-status warn';
      return;
    }
    if (stopped) return;
    source = new EventSource(url);
    source.addEventListener('snapshot', (event) =>
      render(JSON.parse((event as MessageEvent<string>).data) as WindowSnapshot),
    );
    source.addEventListener('unavailable', () => {
      status.textContent = 'The real-time store is unavailable; showing the last figures.';
      status.className = 'live-status warn';
    });
    source.addEventListener('error', () => {
      source?.close();
      if (stopped) return;
      status.textContent = 'Reconnecting…';
      status.className = 'live-status warn';
      retry = setTimeout(() => void connect(), 2_000);
    });
  };
  void (async () => {
    try {
      // The first paint comes from the plain GETs; the stream then takes over.
      const [users, categories, platforms] = await Promise.all([
        getJson<UsersWindow>('/v1/realtime/users'),
        getJson<CategoriesWindow>('/v1/realtime/categories'),
        getJson<PlatformsWindow>('/v1/realtime/platforms'),
      ]);
      if (stopped) return;
      render({ ...users, ...categories, ...platforms });
    } catch (error) {
      if (stopped) return;
      status.replaceWith(failure(`Could not load the live window: ${describeError(error)}`));
      return;
    }
    await connect();
  })();

  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
    chart.destroy();
  };
};

function setText(id: string, value: number): void {
  const element = document.getElementById(id);
  if (element) element.textContent = fmtInt(value);
}

function windowTables(s: WindowSnapshot): HTMLElement[] {
  return [
    table(
      `Top platforms (${fmtInt(s.distinct_platforms)})`,
      [
        { label: 'Platform', value: (p) => p.platform },
        { label: 'Views', value: (p) => fmtInt(p.views), numeric: true },
        { label: 'Users', value: (p) => fmtInt(p.distinct_users), numeric: true },
      ],
      s.platforms.slice(0, TOP),
      'live-platforms-table',
    ),
    table(
      `Top categories (${fmtInt(s.distinct_categories)})`,
      [
        { label: 'Category', value: (c) => c.category_id },
        { label: 'Views', value: (c) => fmtInt(c.views), numeric: true },
        { label: 'Users', value: (c) => fmtInt(c.distinct_users), numeric: true },
      ],
      s.categories.slice(0, TOP),
      'live-categories-table',
    ),
    table(
      `Most active users (${fmtInt(s.distinct_users)})`,
      [
        { label: 'User', value: (u) => u.user_id },
        { label: 'Views', value: (u) => fmtInt(u.views), numeric: true },
        { label: 'Last view', value: (u) => fmtTime(u.last_view_at) },
      ],
      s.users.slice(0, TOP),
      'live-users-table',
    ),
  ];
}
