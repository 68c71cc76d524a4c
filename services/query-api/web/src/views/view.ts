/** A view draws into its container and returns how to stop it (close streams, destroy charts). */
export type View = (container: HTMLElement) => () => void;
