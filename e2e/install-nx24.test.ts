import { installTest } from './support/install-test';

installTest('24');
