//! Conversations as the workbench reads them: lists per view with filters and search, their
//! counts, and one conversation's history in pages. Every read applies the viewer's access
//! rule in the query itself, the same rule the socket and the actions use.
pub mod history;
pub mod list;
