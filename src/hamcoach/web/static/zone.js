// Intake: a person with no time zone yet gets the page's default (UTC) offered; their own
// device knows theirs, so it is chosen for them (they can still change it). Without
// JavaScript the list stays as the server made it.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select[data-own-zone]");
  if (!select || select.value !== "UTC") return;
  let own;
  try {
    own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (own && Array.from(select.options).some((o) => o.value === own)) select.value = own;
});
