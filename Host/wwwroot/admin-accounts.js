// The account forms' unit list offers only the org units that fit the role chosen (a window for
// window staff, a village for a village team…); without this script every unit is offered and
// the server refuses one that does not fit, next to the field.
document.querySelectorAll("select#role").forEach((role) => {
  const scope = role.form.querySelector("select#scope");
  const fit = () => {
    const options = [...scope.options];
    options.forEach((o) => { o.hidden = role.value !== "" && !o.dataset.roles.split(" ").includes(role.value); });
    scope.querySelectorAll("optgroup").forEach((g) => { g.hidden = [...g.children].every((o) => o.hidden); });
    if (scope.selectedOptions[0]?.hidden) {
      const first = options.find((o) => !o.hidden);
      if (first) first.selected = true;
    }
  };
  role.addEventListener("change", fit);
  fit();
});
