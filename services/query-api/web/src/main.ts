import './style.css';
import { onUnauthorized } from './api';
import { session } from './session';
import { signInView } from './sign-in';
import { attributionView } from './views/attribution';
import { campaignsView } from './views/campaigns';
import { categoriesView } from './views/categories';
import { liveView } from './views/live';
import type { View } from './views/view';

const VIEWS: Record<string, { title: string; view: View }> = {
  attribution: { title: 'Attribution', view: attributionView },
  live: { title: 'Marketing live', view: liveView },
  categories: { title: 'Categories', view: categoriesView },
  campaigns: { title: 'Campaigns', view: campaignsView },
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const signOut = document.getElementById('sign-out') as HTMLButtonElement;
let stop: (() => void) | undefined;

function route(message?: string): void {
  stop?.();
  stop = undefined;
  const signedIn = session.token() !== null;
  nav.hidden = !signedIn;
  signOut.hidden = !signedIn;
  if (!signedIn) {
    document.title = 'Sign in · Tributary';
    signInView(main, message, () => route());
    return;
  }
  const name = location.hash.replace(/^#\/?/, '') || 'attribution';
  const entry = VIEWS[name] ?? VIEWS.attribution;
  if (!entry) return;
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${entry.title} · Tributary`;
  stop = entry.view(main);
}

onUnauthorized((error) => {
  // During sign-in no token is kept yet: the form shows that error itself.
  if (session.token() === null) return;
  session.clear();
  route(`Sign-in failed: ${error.message}. Enter a valid API key or token.`);
});
signOut.addEventListener('click', () => {
  session.clear();
  route();
});
window.addEventListener('hashchange', () => {
  route();
  // Move focus to the new view so keyboard and screen reader users land on it.
  main.focus();
});
route();
