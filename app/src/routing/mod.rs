//! Pure decisions, no I/O: who may go where. Grows into assignment and queue logic.
pub mod permissions;
