import { describeError } from './api';
import { session } from './session';

/**
 * A plain link cannot carry the token, so the click fetches the file with it and saves the
 * blob; the href stays the real API address (copyable, and what a CLI would call).
 */
export function authorizedDownload(
  link: HTMLAnchorElement,
  onError: (message: string) => void,
): void {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        const token = session.token();
        const response = await fetch(link.href, {
          headers: token
            ? { authorization: `Bearer ${token}`, accept: 'text/csv' }
            : { accept: 'text/csv' },
        });
        if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
        const url = URL.createObjectURL(await response.blob());
        const save = document.createElement('a');
        save.href = url;
        save.download = link.getAttribute('download') ?? 'report.csv';
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      } catch (error) {
        onError(describeError(error));
      }
    })();
  });
}
