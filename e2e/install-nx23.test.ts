import { installTest } from './support/install-test';

// The previous Nx major, which the plugin's peer range also covers.
installTest('23');
