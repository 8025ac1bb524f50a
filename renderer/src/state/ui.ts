import { createStore } from '../lib/store';

export type Dialog = 'environments' | 'import' | 'export' | undefined;

export interface UiState {
  dialog: Dialog;
  /** The main area: request tabs, or the collection runner. */
  view: 'requests' | 'runner';
  /** A short message for the status line (aria-live), e.g. after an import. */
  notice?: string | undefined;
  inspectorOpen: boolean;
  /** A token put into the JWT decoder from elsewhere (request auth, response body). */
  jwt?: string | undefined;
}

export const ui = createStore<UiState>({ dialog: undefined, view: 'requests', inspectorOpen: true });

export const openDialog = (dialog: Dialog): void => ui.set((s) => ({ ...s, dialog }));
export const notify = (notice: string): void => ui.set((s) => ({ ...s, notice }));
export const showView = (view: UiState['view']): void => ui.set((s) => ({ ...s, view }));
