/** @module The app's entry: language first (so nothing flashes in the wrong one), then the page. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { initialLanguage, startI18n } from "./i18n/i18n.js";
import { IdentityProvider } from "./identity/identity.js";
import "./styles.css";

await startI18n(initialLanguage());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <IdentityProvider>
      <App />
    </IdentityProvider>
  </StrictMode>,
);
