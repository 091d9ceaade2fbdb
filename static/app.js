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
