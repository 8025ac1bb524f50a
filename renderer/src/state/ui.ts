import { createStore } from '../lib/store';

export type Dialog = 'environments' | 'import' | 'export' | undefined;

export interface UiState {
  dialog: Dialog;
  /** The main area: request tabs, or the collection runner. */
  view: 'requests' | 'runner';
  /** A short message for the status line (aria-live), e.g. after an import. */
  notice?: string | undefined;
  inspectorOpen: boolean;
  /** The sidebar pane is shown (Ctrl+\\ hides it; its size comes back when shown again). */
  sidebarOpen: boolean;
  /** A token put into the JWT decoder from elsewhere (request auth, response body). */
  jwt?: string | undefined;
}

export const ui = createStore<UiState>({ dialog: undefined, view: 'requests', inspectorOpen: true, sidebarOpen: true });

export const openDialog = (dialog: Dialog): void => ui.set((s) => ({ ...s, dialog }));
export const notify = (notice: string): void => ui.set((s) => ({ ...s, notice }));
export const showView = (view: UiState['view']): void => ui.set((s) => ({ ...s, view }));
export const toggleSidebar = (): void => ui.set((s) => ({ ...s, sidebarOpen: !s.sidebarOpen }));

/** What the session keeps of the layout: expanded folders per collection, pane sizes per group. */
export interface LayoutState {
  expanded: Record<string, string[]>;
  panes: Record<string, Record<string, number>>;
}

export const layout = createStore<LayoutState>({ expanded: {}, panes: {} });

export function toggleExpanded(collectionId: string, folderId: string, open?: boolean): void {
  layout.set((s) => {
    const now = new Set(s.expanded[collectionId] ?? []);
    if (open ?? !now.has(folderId)) now.add(folderId); else now.delete(folderId);
    return { ...s, expanded: { ...s.expanded, [collectionId]: [...now] } };
  });
}

export function setPanes(group: string, sizes: Record<string, number>): void {
  layout.set((s) => ({ ...s, panes: { ...s.panes, [group]: sizes } }));
}
