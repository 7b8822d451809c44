//! The protocol's JSON in the browser, without serde. serde_json's parser and serde's
//! visitors were a quarter of the widget's download (about 27 KB brotli of 109), so the
//! browser parses frames with its own `JSON.parse` and the code here reads the result field
//! by field ([`read`]) and writes the few frames a client sends ([`write`]). The server and
//! the types in [`super::protocol`] stay serde's: the tests prove that both readings agree
//! for every frame, and that what is written here is what serde would have written.
pub mod node;
pub mod read;
pub mod write;

#[cfg(test)]
mod samples;
