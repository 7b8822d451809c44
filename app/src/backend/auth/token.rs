//! Random opaque tokens. The client holds the token; the database holds only its SHA-256.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random token of `bytes` bytes (base64url, no padding).
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

/// A new 256-bit session token.
pub fn new_session_token() -> String {
    random_token(32)
}

/// What the database stores for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_tokens_carry_256_bits() {
        let token = new_session_token();
        assert_eq!(
            URL_SAFE_NO_PAD.decode(&token).map(|bytes| bytes.len()),
            Ok(32)
        );
        assert_ne!(token, new_session_token());
    }

    #[test]
    fn hashes_are_stable_hex_sha256() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
