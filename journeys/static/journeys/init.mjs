// Start GOV.UK Frontend's components (loaded as a module with the page's CSP nonce).
import { initAll } from "../govuk-frontend/govuk-frontend.min.js";

initAll();
