//! The members: role, conversation limit, deactivate / reactivate, each applied at once.
use crate::i18n::*;
use crate::models::team::Member;
use crate::models::{Role, UserId};
use crate::server_fns::team::{SetMemberActive, SetMemberLimit, SetMemberRole};
use crate::ui::common::confirm::confirmed;
use crate::ui::common::field_error::{FormMessage, settle};
use leptos::prelude::*;

fn role_value(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Agent => "agent",
    }
}

/// The members table; `changed` runs after a change was stored.
#[component]
pub fn MembersTable(members: Vec<Member>, me: UserId, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let set_role = ServerAction::<SetMemberRole>::new();
    let set_limit = ServerAction::<SetMemberLimit>::new();
    let set_active = ServerAction::<SetMemberActive>::new();
    // The latest refusal of any of the three, shown above the table.
    let error = RwSignal::new(None);
    Effect::new(move |_| settle(set_role.value().get(), error, || changed.run(())));
    Effect::new(move |_| settle(set_limit.value().get(), error, || changed.run(())));
    Effect::new(move |_| settle(set_active.value().get(), error, || changed.run(())));
    let rows = members
        .into_iter()
        .map(|member| {
            let Member {
                id,
                name,
                email,
                role,
                active,
                limit,
                open_conversations,
            } = member;
            let role_label = t_string!(i18n, console.role_of, name = name.clone()).to_string();
            let limit_label = t_string!(i18n, console.limit_of, name = name.clone()).to_string();
            let question = t_string!(i18n, console.deactivate_confirm, name = name.clone()).to_string();
            let limit_text = limit.map(|limit| limit.to_string()).unwrap_or_default();
            let limit_input = NodeRef::<leptos::html::Input>::new();
            let on_role = move |event: leptos::ev::Event| {
                let role = match event_target_value(&event).as_str() {
                    "admin" => Role::Admin,
                    _ => Role::Agent,
                };
                set_role.dispatch(SetMemberRole { member: id, role });
            };
            let on_limit = move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                let limit = limit_input.get().map(|input| input.value()).unwrap_or_default();
                set_limit.dispatch(SetMemberLimit { member: id, limit });
            };
            let on_active = move |_| {
                if active && !confirmed(&question) {
                    return;
                }
                set_active.dispatch(SetMemberActive { member: id, active: !active });
            };
            let status = if active {
                t_string!(i18n, console.status_active)
            } else {
                t_string!(i18n, console.status_inactive)
            };
            view! {
                <tr data-active=active.to_string()>
                    <th scope="row">{name.clone()} {(id == me).then_some(" ✓")}</th>
                    <td>{email}</td>
                    <td>
                        <select aria-label=role_label on:change=on_role prop:value=role_value(role)>
                            <option value="agent" selected=role == Role::Agent>{t!(i18n, common.role_agent)}</option>
                            <option value="admin" selected=role == Role::Admin>{t!(i18n, common.role_admin)}</option>
                        </select>
                    </td>
                    <td>
                        <form class="inline-form" on:submit=on_limit>
                            <input
                                type="number"
                                min="1"
                                max="100"
                                inputmode="numeric"
                                node_ref=limit_input
                                aria-label=limit_label
                                placeholder=move || t_string!(i18n, console.limit_default)
                                value=limit_text
                            />
                            <button type="submit" class="button ghost small">{t!(i18n, console.save_limit)}</button>
                        </form>
                    </td>
                    <td>{open_conversations}</td>
                    <td>{status}</td>
                    <td>
                        <button type="button" class="button ghost small" on:click=on_active>
                            {if active {
                                t_string!(i18n, console.deactivate)
                            } else {
                                t_string!(i18n, console.reactivate)
                            }}
                            <span class="visually-hidden">" " {name}</span>
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card wide" aria-labelledby="members-title">
            <h2 id="members-title">{t!(i18n, console.members_title)}</h2>
            <FormMessage error=error.into() />
            <div class="table-scroll">
                <table class="data-table" aria-labelledby="members-title">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, console.col_name)}</th>
                            <th scope="col">{t!(i18n, console.col_email)}</th>
                            <th scope="col">{t!(i18n, console.col_role)}</th>
                            <th scope="col">{t!(i18n, console.col_limit)}</th>
                            <th scope="col">{t!(i18n, console.col_open)}</th>
                            <th scope="col">{t!(i18n, console.col_status)}</th>
                            <th scope="col">{t!(i18n, console.col_actions)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
