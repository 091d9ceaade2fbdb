// Progressive enhancement: each <select data-module="app-autocomplete"> becomes GOV.UK's
// accessible autocomplete (static/accessible-autocomplete/, loaded just before this file),
// so a long list can be filtered by typing. Without JavaScript the plain select is used,
// and the form sends the select's value either way: the typed text is never sent.
//
// A page opts in with `{% set uses_autocomplete = true %}` (see templates/base.html) and
// marks the select, e.g. select(form.court, data_module='app-autocomplete').

(function () {
  'use strict'

  var library = window.accessibleAutocomplete
  if (!library || !document.querySelectorAll) return

  function optionText (option) {
    return (option.textContent || option.innerText || '').trim()
  }

  // The select's option whose text is exactly `text`, or null.
  function optionFor (select, text) {
    var wanted = (text || '').trim()
    if (!wanted) return null
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value && optionText(select.options[i]) === wanted) return select.options[i]
    }
    return null
  }

  // Make the select hold what the text box shows: its option, or the blank prompt when the
  // text matches no option (the server then asks for a choice, rather than keeping an old one).
  function syncSelect (select, text) {
    var option = optionFor(select, text)
    if (option) {
      option.selected = true
    } else {
      select.value = ''
    }
  }

  // With autoselect the library draws the rest of the first suggestion in a second, read-only
  // text box behind the real one. It is decoration only: hide it from assistive technology,
  // which otherwise finds a text box with no label.
  function hideTypedAheadHint (wrapper) {
    function mark () {
      var hints = wrapper.querySelectorAll('.autocomplete__hint')
      for (var i = 0; i < hints.length; i++) hints[i].setAttribute('aria-hidden', 'true')
    }
    mark()
    if (window.MutationObserver) new MutationObserver(mark).observe(wrapper, { childList: true, subtree: true })
  }

  function enhance (select) {
    var id = select.id
    var hasError = select.classList.contains('govuk-select--error')
    var describedBy = select.getAttribute('aria-describedby')

    library.enhanceSelectElement({
      selectElement: select,
      defaultValue: '',
      showAllValues: true,
      autoselect: true,
      confirmOnBlur: true,
      inputClasses: hasError ? 'govuk-input--error' : null,
      tNoResults: function () { return 'No match: try fewer letters' },
      onConfirm: function (chosen) {
        // `chosen` is the confirmed suggestion's text, or undefined when none was chosen
        var input = document.getElementById(id)
        syncSelect(select, chosen !== undefined ? chosen : (input ? input.value : ''))
      }
    })

    var input = document.getElementById(id)
    if (!input) return
    hideTypedAheadHint(input.parentNode)
    // Keep the hint and the error message read out with the field, as on the plain select
    if (describedBy) {
      var own = input.getAttribute('aria-describedby')
      input.setAttribute('aria-describedby', own ? own + ' ' + describedBy : describedBy)
    }
    if (select.form) {
      select.form.addEventListener('submit', function () { syncSelect(select, input.value) })
    }
  }

  var selects = document.querySelectorAll('select[data-module="app-autocomplete"]')
  for (var i = 0; i < selects.length; i++) enhance(selects[i])
})()
