//! Profile pictures: only real PNG/JPEG/GIF/WebP images are accepted, they are re-encoded, and
//! nothing an uploader sends (SVG, HTML, oversize files) is ever served.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, spawn_app};
use image::{ImageFormat, Rgba, RgbaImage};
use reqwest::multipart::{Form, Part};
use std::io::Cursor;

fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(RgbaImage::from_pixel(
        width,
        height,
        Rgba([10, 120, 90, 255]),
    ))
    .to_rgb8()
    .write_to(&mut Cursor::new(&mut bytes), format)
    .unwrap();
    bytes
}

/// Uploads `bytes` as the file `name` with `mime`; the redirect's outcome (`?avatar=…`).
async fn upload(app: &TestApp, bytes: Vec<u8>, name: &str, mime: &str) -> String {
    let part = Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap();
    let response = app
        .client
        .post(app.url("/workbench/profile/avatar"))
        .multipart(Form::new().part("avatar", part))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn my_avatar(app: &TestApp) -> (String, Vec<u8>) {
    let me = app.me(&app.client).await;
    let response = app
        .get(&format!("/avatars/{}", me["id"].as_str().unwrap()))
        .await;
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (kind, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn a_picture_is_stored_as_a_small_square_png() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    // Before any upload: a transparent pixel, so the initial shows.
    let (_, blank) = my_avatar(&app).await;
    assert_eq!(image::load_from_memory(&blank).unwrap().width(), 1);

    let location = upload(
        &app,
        picture(900, 600, ImageFormat::Jpeg),
        "me.jpg",
        "image/jpeg",
    )
    .await;
    assert_eq!(location, "/workbench/profile?avatar=saved");
    let (kind, png) = my_avatar(&app).await;
    assert_eq!(kind, "image/png");
    let stored = image::load_from_memory_with_format(&png, ImageFormat::Png).unwrap();
    assert_eq!((stored.width(), stored.height()), (256, 256));
    app.stop().await;
}

#[tokio::test]
async fn svg_html_lying_names_and_oversize_files_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    upload(
        &app,
        picture(64, 64, ImageFormat::Png),
        "ok.png",
        "image/png",
    )
    .await;
    let (_, before) = my_avatar(&app).await;

    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    let refused = [
        (svg.to_vec(), "avatar.svg", "image/svg+xml", "unsupported"),
        // The name and declared type lie; the content decides.
        (svg.to_vec(), "avatar.png", "image/png", "unsupported"),
        (
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            "a.png",
            "image/png",
            "unsupported",
        ),
        (
            vec![0x89; 3 * 1024 * 1024],
            "big.png",
            "image/png",
            "too_large",
        ),
        (Vec::new(), "empty.png", "image/png", "empty"),
    ];
    for (bytes, name, mime, outcome) in refused {
        let location = upload(&app, bytes, name, mime).await;
        assert_eq!(
            location,
            format!("/workbench/profile?avatar={outcome}"),
            "{name}"
        );
    }
    let (kind, after) = my_avatar(&app).await;
    assert_eq!(kind, "image/png");
    assert_eq!(after, before);
    app.stop().await;
}

#[tokio::test]
async fn only_a_signed_in_member_uploads() {
    let app = spawn_app().await;
    let part = Part::bytes(picture(8, 8, ImageFormat::Png)).file_name("x.png");
    let response = app
        .client
        .post(app.url("/workbench/profile/avatar"))
        .multipart(Form::new().part("avatar", part))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    assert_eq!(app.get("/avatars/not-a-user-id").await.status(), 404);
    app.stop().await;
}
