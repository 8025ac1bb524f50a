export { startDemoServer, type DemoServer } from './server';
export { DEMO_API_KEY, DEMO_CLIENT, DEMO_USER } from './routes';
export { DEMO_ISSUER, DEMO_JWT_SECRET, issueToken } from './tokens';
