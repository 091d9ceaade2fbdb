// Progressive enhancement only: every page works without this file.
// On narrow screens the filter panel (.app-filter, see app.css) starts collapsed behind a
// "Show filters" button, so results come first; CSS hides the button on wider screens.

function selectedCount (panel) {
  return panel.querySelectorAll('.app-filter-tag').length
}

function buttonText (expanded, count) {
  const verb = expanded ? 'Hide filters' : 'Show filters'
  return count ? `${verb} (${count} selected)` : verb
}

function enhanceFilter (panel, index) {
  if (!panel.id) panel.id = `app-filter-${index + 1}`
  // Errors inside the panel must stay visible
  const startOpen = panel.querySelector('.govuk-error-message') !== null
  const count = selectedCount(panel)

  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary app-filter-toggle'
  button.setAttribute('aria-controls', panel.id)

  function setExpanded (expanded) {
    button.setAttribute('aria-expanded', String(expanded))
    button.textContent = buttonText(expanded, count)
    panel.classList.toggle('app-filter--collapsed', !expanded)
  }

  button.addEventListener('click', () => {
    setExpanded(button.getAttribute('aria-expanded') !== 'true')
  })

  setExpanded(startOpen)
  panel.parentNode.insertBefore(button, panel)
}

document.querySelectorAll('.app-filter').forEach(enhanceFilter)

// Questions that only some answers of a radio group need (GOV.UK's conditional reveal): a
// section with data-module="app-reveal" is shown only while one of the answers named in
// data-reveal-values is chosen, or while it holds an error. Without JavaScript every section
// stays visible. GOV.UK Frontend's own reveal is not used: it handles a question belonging to
// one answer only (the two-year score belongs to three), and it puts aria-expanded on radio
// buttons, which ARIA does not allow there (axe-core reports it).
function enhanceReveal (section) {
  const values = (section.dataset.revealValues || '').split(' ').filter(Boolean)
  const radios = Array.from(document.querySelectorAll(
    `input[type="radio"][name="${section.dataset.revealRadios}"]`
  ))
  const hiddenClass = section.classList.contains('govuk-radios__conditional')
    ? 'govuk-radios__conditional--hidden'
    : 'app-reveal--hidden'
  // No aria-controls on the radios: GOV.UK Frontend would then add aria-expanded to them
  const holdsError = section.querySelector('.govuk-error-message') !== null

  function sync () {
    const chosen = radios.find((radio) => radio.checked)
    const show = holdsError || (chosen !== undefined && values.includes(chosen.value))
    section.classList.toggle(hiddenClass, !show)
  }

  radios.forEach((radio) => radio.addEventListener('change', sync))
  window.addEventListener('pageshow', sync)
  sync()
}

document.querySelectorAll('[data-module="app-reveal"]').forEach(enhanceReveal)
