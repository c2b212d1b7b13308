/**
 * @module The frame of every page: the header with the federation's name, the language
 * switch and who is signed in, the navigation, the offline line (hub unreachable, actions
 * waiting to be sent), and the page of the current path (each page is its own chunk,
 * loaded when first visited).
 */
import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { OfflineBar } from "./components/offline-bar.js";
import { Loading } from "./components/status.js";
import { LangText } from "./components/text.js";
import { LANGUAGES, type Language, switchLanguage } from "./i18n/i18n.js";
import { useIdentity } from "./identity/identity.js";
import { identityReturning, Link, routeOf, useLocation } from "./router.js";

const HomePage = lazy(() => import("./pages/home-page.js"));
const IdentityPage = lazy(() => import("./pages/identity-page.js"));
const AddDevicePage = lazy(() => import("./pages/add-device-page.js"));
const JoinPage = lazy(() => import("./pages/join-page.js"));
const FederationPage = lazy(() => import("./pages/federation-page.js"));
const BodyPage = lazy(() => import("./pages/body-page.js"));
const AuditPage = lazy(() => import("./pages/audit-page.js"));
const PlanPage = lazy(() => import("./pages/plan-page.js"));
const MotionPage = lazy(() => import("./pages/motion-page.js"));
const DelegatePage = lazy(() => import("./pages/delegate-page.js"));
const DemandsPage = lazy(() => import("./pages/demands-page.js"));
const SearchPage = lazy(() => import("./pages/search-page.js"));
const CallsPage = lazy(() => import("./pages/calls-page.js"));
const CallPage = lazy(() => import("./pages/call-page.js"));
const MeetingPage = lazy(() => import("./pages/meeting-page.js"));
const ProjectorPage = lazy(() => import("./pages/projector-page.js"));
const HubAuditPage = lazy(() => import("./pages/hub-audit-page.js"));

/** Each language named in itself. */
const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: "English",
  ur: "اردو",
  kk: "Қазақша",
  ru: "Русский",
};

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        value={i18n.language}
        onChange={(e) => void switchLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Locks the key at once, in every tab of the app (a member who must hand the phone over). */
function LockNow() {
  const { t } = useTranslation();
  const identity = useIdentity();
  if (!identity.unlocked) return null;
  return (
    <button
      type="button"
      className="secondary small lock-now"
      aria-label={t("nav.lockNowLabel")}
      title={t("nav.lockNowLabel")}
      onClick={() => identity.lock()}
    >
      {t("nav.lockNow")}
    </button>
  );
}

function WhoAmI() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const label = identity.stored?.label || identity.me?.names[0]?.name || null;
  return (
    <Link
      to={identity.unlocked ? "/identity" : identityReturning()}
      className="who"
    >
      {identity.stored === null ? (
        t("nav.noKey")
      ) : identity.unlocked ? (
        <bdi>{label}</bdi>
      ) : (
        t("nav.locked")
      )}
    </Link>
  );
}

function Page() {
  const { path } = useLocation();
  const route = routeOf(path);
  const id = route.id ?? "";
  switch (route.page) {
    case "home":
      return <HomePage />;
    case "identity":
      return <IdentityPage />;
    case "add-device":
      return <AddDevicePage />;
    case "join":
      return <JoinPage body={id} />;
    case "federation":
      return <FederationPage />;
    case "body":
      return <BodyPage id={id} />;
    case "audit":
      return <AuditPage body={id} />;
    case "plan":
      return <PlanPage body={id} />;
    case "motion":
      return <MotionPage id={id} />;
    case "delegate":
      return <DelegatePage id={id} />;
    case "demands":
      return <DemandsPage />;
    case "calls":
      return <CallsPage />;
    case "call":
      return <CallPage id={id} />;
    case "meeting":
      return <MeetingPage id={id} />;
    case "projector":
      return <ProjectorPage id={id} />;
    case "hub-audit":
      return <HubAuditPage />;
    case "search":
      return <SearchPage />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("common.notFound")}</h1>
      <p>
        <Link to="/">{t("nav.home")}</Link>
      </p>
    </section>
  );
}

export function App() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const { path } = useLocation();
  useEffect(() => {
    document.title = identity.hub?.name.en
      ? `Kenges · ${identity.hub.name.en}`
      : "Kenges";
  }, [identity.hub]);
  const nav = [
    ["/", t("nav.home")],
    ["/federation", t("nav.federation")],
    ["/demands", t("nav.demands")],
    ["/calls", t("nav.calls")],
    ["/search", t("nav.search")],
    ["/audit", t("nav.audit")],
  ] as const;
  return (
    <>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="top">
        <div className="brand">
          <Link to="/" className="brand-link">
            <span className="logo" aria-hidden="true">
              K
            </span>
            <span className="brand-name">
              {identity.hub ? <LangText text={identity.hub.name} /> : "Kenges"}
            </span>
          </Link>
        </div>
        <div className="tools">
          <LanguageSwitch />
          <WhoAmI />
          <LockNow />
        </div>
      </header>
      <nav className="main-nav" aria-label={t("nav.label")}>
        <ul>
          {nav.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={path === to ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <OfflineBar />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </main>
    </>
  );
}
