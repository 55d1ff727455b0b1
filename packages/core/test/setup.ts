// The tests run on Node: the SDK as a server loads it (index.node.ts), with the reader of
// connection failures, the relays and the redactor of relayed bytes installed.
import { installDiagnosis } from '../src/internal/diagnose.js';
import { installFallback } from '../src/internal/fallback.js';
import { installRedirects } from '../src/internal/redirects.js';
import { installRelays } from '../src/internal/relay.js';
import { redactor } from '@comput3/api/secrets';
import { logHeaders, logHeadersWith, redactBytesWith } from '../src/internal/secrets.js';

installDiagnosis();
installFallback();
installRelays();
installRedirects();
redactBytesWith(redactor);
logHeadersWith(logHeaders);
