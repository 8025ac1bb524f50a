import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadMonaco } from './components/CodeEditor';
import { prepareBodyWorker } from './features/response/body-client';
import { startTheme } from './features/theme';
import './styles.css';
import './ui/kit.css';

startTheme();
const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
// Monaco is 5 MB of script: compile it while the user is still typing their first URL, not in the
// middle of showing the first response. The body worker likewise (body-client.ts).
const warm = (): void => { void loadMonaco(); prepareBodyWorker(); };
if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 2000 }); else setTimeout(warm, 500);
