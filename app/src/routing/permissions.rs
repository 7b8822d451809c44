//! Which signed-in role may open which surface, and where to send someone after signing in.
use crate::models::Role;

/// The pages behind a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `/workbench`: every agent and admin.
    Workbench,
    /// `/console`: admins only.
    Console,
}

impl Surface {
    /// The surface a request path belongs to, if it is a protected one.
    pub fn for_path(path: &str) -> Option<Self> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/workbench") {
            Some(Surface::Workbench)
        } else if under("/console") {
            Some(Surface::Console)
        } else {
            None
        }
    }
}

/// Whether `role` may open `surface`.
pub fn may_open(role: Role, surface: Surface) -> bool {
    match surface {
        Surface::Workbench => true,
        Surface::Console => role == Role::Admin,
    }
}

/// Where to go after signing in: the requested local path, or the workbench. Anything that
/// could leave the site (`//host`, `https://…`, `/\host`) is ignored, so a crafted `next`
/// parameter cannot become an open redirect.
pub fn safe_next_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control()) =>
        {
            path
        }
        _ => "/workbench",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_surfaces_are_recognised_by_prefix() {
        assert_eq!(Surface::for_path("/workbench"), Some(Surface::Workbench));
        assert_eq!(
            Surface::for_path("/workbench/c/1"),
            Some(Surface::Workbench)
        );
        assert_eq!(Surface::for_path("/console"), Some(Surface::Console));
        assert_eq!(Surface::for_path("/consoles"), None);
        assert_eq!(Surface::for_path("/login"), None);
        assert_eq!(Surface::for_path("/w/key"), None);
    }

    #[test]
    fn only_admins_open_the_console() {
        assert!(may_open(Role::Admin, Surface::Console));
        assert!(!may_open(Role::Agent, Surface::Console));
        assert!(may_open(Role::Agent, Surface::Workbench));
        assert!(may_open(Role::Admin, Surface::Workbench));
    }

    #[test]
    fn next_paths_never_leave_the_site() {
        assert_eq!(safe_next_path(Some("/console")), "/console");
        assert_eq!(safe_next_path(None), "/workbench");
        assert_eq!(safe_next_path(Some("https://evil.example")), "/workbench");
        assert_eq!(safe_next_path(Some("//evil.example")), "/workbench");
        assert_eq!(safe_next_path(Some("/\\evil.example")), "/workbench");
        assert_eq!(safe_next_path(Some("/x\r\nSet-Cookie: a")), "/workbench");
        assert_eq!(safe_next_path(Some("")), "/workbench");
    }
}
