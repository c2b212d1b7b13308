// Node tests use the node:crypto backend, as the CLI and the hub do; the noble backend is tested against it.
import { installNodeCrypto } from "../src/crypto/node.js";

installNodeCrypto();
