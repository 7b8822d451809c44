//! Profile pictures. An upload is accepted only when its content (not its name or declared
//! type) is a PNG, JPEG, GIF or WebP image of sane dimensions; it is decoded, cut to a
//! square, scaled down and re-encoded as PNG, so nothing of the original file (scripts,
//! markup, metadata) is ever served.
use super::db::{Db, avatars};
use crate::models::{Timestamp, UserId};
use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
use std::io::Cursor;

/// Largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;
/// Side of the stored square picture, in pixels.
pub const SIDE: u32 = 256;
/// Largest width or height decoded.
const MAX_DIMENSION: u32 = 4096;

/// Why an upload was refused (each has a message on the profile page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvatarProblem {
    /// Nothing was uploaded.
    Empty,
    /// Larger than [`MAX_UPLOAD_BYTES`].
    TooLarge,
    /// Not a PNG, JPEG, GIF or WebP image (SVG and HTML included).
    Unsupported,
    /// Claims to be an image but cannot be decoded, or is too large in pixels.
    Unreadable,
}

impl AvatarProblem {
    /// The code the profile page reads from its query string.
    pub fn code(self) -> &'static str {
        match self {
            AvatarProblem::Empty => "empty",
            AvatarProblem::TooLarge => "too_large",
            AvatarProblem::Unsupported => "unsupported",
            AvatarProblem::Unreadable => "unreadable",
        }
    }
}

/// Turns uploaded bytes into the stored PNG, or says why not.
pub fn normalise(upload: &[u8]) -> Result<Vec<u8>, AvatarProblem> {
    if upload.is_empty() {
        return Err(AvatarProblem::Empty);
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(AvatarProblem::TooLarge);
    }
    let format = image::guess_format(upload).map_err(|_| AvatarProblem::Unsupported)?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(AvatarProblem::Unsupported);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(128 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    reader.limits(limits);
    let picture = reader.decode().map_err(|_| AvatarProblem::Unreadable)?;
    let side = picture.width().min(picture.height());
    if side == 0 {
        return Err(AvatarProblem::Unreadable);
    }
    let square = picture.crop_imm(
        (picture.width() - side) / 2,
        (picture.height() - side) / 2,
        side,
        side,
    );
    let small = if side > SIDE {
        square.resize_exact(SIDE, SIDE, FilterType::Lanczos3)
    } else {
        square
    };
    let mut png = Vec::new();
    small
        .to_rgba8()
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| AvatarProblem::Unreadable)?;
    Ok(png)
}

/// A 1×1 transparent PNG: what an account without a picture shows (the initial under it
/// stays visible, and no page logs a failed image load).
pub fn blank_png() -> Vec<u8> {
    let mut png = Vec::new();
    let blank = image::RgbaImage::from_pixel(1, 1, image::Rgba([0, 0, 0, 0]));
    if let Err(error) = blank.write_to(&mut Cursor::new(&mut png), ImageFormat::Png) {
        tracing::error!(%error, "cannot encode the blank avatar");
    }
    png
}

/// Checks, converts and stores an upload as `user`'s picture.
pub async fn store(
    db: &Db,
    user: UserId,
    upload: &[u8],
) -> Result<Result<(), AvatarProblem>, sqlx::Error> {
    let upload = upload.to_vec();
    // Decoding is CPU work: off the async threads.
    let png = match tokio::task::spawn_blocking(move || normalise(&upload)).await {
        Ok(Ok(png)) => png,
        Ok(Err(problem)) => return Ok(Err(problem)),
        Err(error) => {
            tracing::error!(%error, "avatar conversion task failed");
            return Ok(Err(AvatarProblem::Unreadable));
        }
    };
    avatars::put(db, user, &png, Timestamp::now()).await?;
    Ok(Ok(()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgba};

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let picture = ImageBuffer::from_pixel(width, height, Rgba([200u8, 30, 60, 255]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(picture)
            .to_rgb8()
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    #[test]
    fn images_become_small_square_pngs() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Gif] {
            let png = normalise(&encoded(800, 500, format)).unwrap();
            assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);
            let back = image::load_from_memory(&png).unwrap();
            assert_eq!((back.width(), back.height()), (SIDE, SIDE), "{format:?}");
        }
        let tiny = image::load_from_memory(&normalise(&encoded(40, 60, ImageFormat::Png)).unwrap())
            .unwrap();
        assert_eq!((tiny.width(), tiny.height()), (40, 40));
    }

    #[test]
    fn svg_html_and_lies_are_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(normalise(svg), Err(AvatarProblem::Unsupported));
        assert_eq!(
            normalise(b"<!DOCTYPE html><script>alert(1)</script>"),
            Err(AvatarProblem::Unsupported)
        );
        // A PNG signature followed by garbage.
        let mut fake = encoded(10, 10, ImageFormat::Png)[..16].to_vec();
        fake.extend_from_slice(b"<script>alert(1)</script>");
        assert_eq!(normalise(&fake), Err(AvatarProblem::Unreadable));
        assert_eq!(normalise(b""), Err(AvatarProblem::Empty));
    }

    #[test]
    fn a_png_with_html_appended_is_served_without_it() {
        let mut polyglot = encoded(30, 30, ImageFormat::Png);
        polyglot.extend_from_slice(b"<html><script>alert(1)</script></html>");
        let png = normalise(&polyglot).unwrap();
        assert!(!png.windows(7).any(|window| window == b"<script"));
    }

    #[test]
    fn the_blank_picture_is_one_transparent_pixel() {
        let blank = image::load_from_memory(&blank_png()).unwrap().to_rgba8();
        assert_eq!(blank.dimensions(), (1, 1));
        assert_eq!(blank.get_pixel(0, 0).0[3], 0);
    }

    #[test]
    fn oversize_uploads_and_huge_pictures_are_refused() {
        let mut big = encoded(10, 10, ImageFormat::Png);
        big.resize(MAX_UPLOAD_BYTES + 1, 0);
        assert_eq!(normalise(&big), Err(AvatarProblem::TooLarge));
        assert_eq!(
            normalise(&encoded(MAX_DIMENSION + 1, 2, ImageFormat::Png)),
            Err(AvatarProblem::Unreadable)
        );
    }
}
