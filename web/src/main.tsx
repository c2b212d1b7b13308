/**
 * @module The app's entry: language first (so nothing flashes in the wrong one) while the key
 * held for this visit signs in and the page's first reads go out, then the page; in a
 * production build, the service worker (web/src/sw.ts) that lets the app load with no
 * network once visited.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { readEarly } from "./api/client.js";
import { firstReadsOf } from "./api/first-reads.js";
import { App } from "./app.js";
import { initialLanguage, startI18n } from "./i18n/i18n.js";
import { IdentityProvider } from "./identity/identity.js";
import { resumeAtStart } from "./identity/sign-in.js";
import "./styles.css";

// The key held for this visit signs in while the language's words still load (sign-in.ts),
// and the page's first reads leave with them, each waiting for that session (first-reads.ts).
const language = initialLanguage();
void resumeAtStart();
readEarly(
  ["/api/hub", ...firstReadsOf(location.pathname, location.search)],
  language,
);
await startI18n(language);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <IdentityProvider>
      <App />
    </IdentityProvider>
  </StrictMode>,
);

// Service workers need a secure context: https (the hub's --tls, also on a LAN address) or localhost.
if (import.meta.env.PROD && "serviceWorker" in navigator && isSecureContext)
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // No worker (a certificate the browser does not trust): the app works online only.
  });
