import { ApiError, describeError, getJson } from './api';
import { h, show } from './dom';
import { session } from './session';

/** Checks the token against a cheap viewer route before keeping it. */
export function signInView(
  container: HTMLElement,
  message: string | undefined,
  signedIn: () => void,
): void {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
    spellcheck: 'false',
  });
  const error = h(
    'p',
    { id: 'sign-in-error', class: 'state error', role: 'alert', hidden: message === undefined },
    message ?? '',
  );
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-h', 'aria-describedby': 'sign-in-help' },
    h('h2', { id: 'sign-in-h' }, 'Sign in'),
    h(
      'p',
      { id: 'sign-in-help' },
      'Enter an API key or a bearer token (JWT). The viewer role is enough. It is kept for this browser tab only.',
    ),
    h('label', { for: 'token' }, 'API key or token'),
    input,
    button,
    error,
  );
  show(container, form);
  input.focus();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    button.textContent = 'Signing in…';
    void (async () => {
      try {
        await getJson('/v1/attribution/models', token);
        session.save(token);
        signedIn();
      } catch (failure) {
        const text =
          failure instanceof ApiError && failure.status === 401
            ? `Sign-in failed: ${failure.message}.`
            : failure instanceof ApiError && failure.status === 403
              ? `Signed in, but this token may not read the dashboard: ${failure.message}.`
              : `Could not reach the API: ${describeError(failure)}`;
        error.textContent = text;
        error.hidden = false;
        button.disabled = false;
        button.textContent = 'Sign in';
        input.focus();
      }
    })();
  });
}
