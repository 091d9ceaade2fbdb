// Start GOV.UK Frontend's components; a separate file so no inline script is needed under CSP.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()
