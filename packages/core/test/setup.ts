// The tests run on Node: the SDK as Node loads it, with the connection-failure reader.
import { installDiagnosis } from '../src/diagnose.js';

installDiagnosis();
