// undici's own modules, which its typings do not describe one by one (undici-classes.ts gives each its type).
declare module 'undici/lib/dispatcher/dispatcher.js' { const m: unknown; export default m; }
declare module 'undici/lib/api/index.js' { const m: object; export default m; }
declare module 'undici/lib/dispatcher/agent.js' { const m: unknown; export default m; }
declare module 'undici/lib/dispatcher/proxy-agent.js' { const m: unknown; export default m; }
declare module 'undici/lib/core/connect.js' { const m: unknown; export default m; }
