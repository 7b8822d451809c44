//! What a visitor's browser tells when the widget connects: user agent, address, languages
//! and time zone. Pure: the socket upgrade reads the headers, these functions decide what
//! to keep and whether the stored row needs writing at all (10,000 sockets connect at once in
//! the load test: an unchanged visitor costs no write).
use crate::models::Timestamp;
use crate::models::visitor_panel::DeviceKind;
use ipnet::IpNet;
use std::net::IpAddr;

/// Longest user agent kept (real ones are a few hundred characters).
const MAX_USER_AGENT: usize = 512;
/// Longest `Accept-Language` kept.
const MAX_LANGUAGE: usize = 64;
/// How stale `last_seen_at` may get before a reconnect rewrites it (milliseconds).
const LAST_SEEN_STEP_MS: i64 = 5 * 60 * 1000;

/// The visitor's browser as the socket upgrade saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientSeen {
    /// `User-Agent`, cut to a sane length.
    pub user_agent: Option<String>,
    /// The client's address (see [`client_ip`]).
    pub ip: Option<String>,
    /// `Accept-Language`, cut.
    pub language: Option<String>,
    /// A valid IANA time zone name (see [`time_zone`]); `None` keeps the stored one.
    pub time_zone: Option<String>,
}

/// What is stored about the visitor's browser, read with the token lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientStored {
    /// As in [`ClientSeen`].
    pub seen: ClientSeen,
    /// When the widget was last seen.
    pub last_seen_at: Timestamp,
}

/// Whether a connect must write: something changed, or `last_seen_at` is stale. A missing
/// time zone (an old loader) never erases the stored one.
pub fn needs_write(stored: &ClientStored, seen: &ClientSeen, now: Timestamp) -> bool {
    let time_zone_changed = seen.time_zone.is_some() && seen.time_zone != stored.seen.time_zone;
    stored.seen.user_agent != seen.user_agent
        || stored.seen.ip != seen.ip
        || stored.seen.language != seen.language
        || time_zone_changed
        || now.millis_since(stored.last_seen_at) >= LAST_SEEN_STEP_MS
}

/// Parses `PARLEY_TRUSTED_PROXIES`: addresses or CIDR ranges separated by commas.
pub fn parse_trusted_proxies(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{item:?} is not an IP address or CIDR range"))
        })
        .collect()
}

/// The client's address: the socket's peer, unless the peer is a trusted proxy; then the
/// nearest untrusted address of `X-Forwarded-For` (or `Forwarded: for=`), read from the right
/// so a client cannot forge it by sending its own header.
pub fn client_ip(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    forwarded: Option<&str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain: Vec<IpAddr> = match (forwarded_for, forwarded) {
        (Some(list), _) => list.split(',').filter_map(parse_hop).collect(),
        (None, Some(header)) => header
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.eq_ignore_ascii_case("for").then(|| parse_hop(value))?
                })
            })
            .collect(),
        (None, None) => Vec::new(),
    };
    chain
        .iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or(chain.first())
        .copied()
        .unwrap_or(peer)
}

/// The client's address for a request: its socket's `peer`, or, behind a trusted proxy, the
/// address the proxy's `X-Forwarded-For` / `Forwarded` header names (see [`client_ip`]).
pub fn request_client_ip(peer: IpAddr, headers: &http::HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    client_ip(
        peer,
        header("x-forwarded-for"),
        header("forwarded"),
        trusted,
    )
}

/// One hop of a forwarding header: `1.2.3.4`, `"[2001:db8::1]:443"`, `1.2.3.4:80`.
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(ip) = text.parse() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    text.rsplit_once(':')?.0.parse().ok()
}

/// A header value kept as text: trimmed, cut at `max` characters, `None` when empty.
pub fn header_text(value: Option<&str>, max: usize) -> Option<String> {
    let text = value?.trim();
    (!text.is_empty()).then(|| text.chars().take(max).collect())
}

/// `User-Agent` as kept.
pub fn user_agent(value: Option<&str>) -> Option<String> {
    header_text(value, MAX_USER_AGENT)
}

/// `Accept-Language` as kept: the first three tags without their weights ("de-DE, de, en").
pub fn accept_language(value: Option<&str>) -> Option<String> {
    let tags: Vec<&str> = value?
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(str::trim)
        .filter(|tag| {
            !tag.is_empty()
                && *tag != "*"
                && tag.len() <= 35
                && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .take(3)
        .collect();
    header_text(Some(&tags.join(", ")), MAX_LANGUAGE)
}

/// The time zone the widget reported, if it is a known IANA name. The widget sends it
/// unencoded, so the `+` of names like `Etc/GMT+5` arrives as a space.
pub fn time_zone(name: Option<&str>) -> Option<String> {
    let name = name?.trim().replace(' ', "+");
    name.parse::<chrono_tz::Tz>()
        .ok()
        .map(|zone| zone.name().to_owned())
}

/// The zone's offset from UTC at `now`, in minutes.
pub fn utc_offset_minutes(zone: &str, now: Timestamp) -> Option<i32> {
    use chrono::{Offset, TimeZone};
    let zone: chrono_tz::Tz = zone.parse().ok()?;
    let at = zone.timestamp_millis_opt(now.0).single()?;
    Some(at.offset().fix().local_minus_utc() / 60)
}

/// Browser, operating system and device kind named by a user agent (each `None` when the
/// parser does not know it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Software {
    /// "Chrome 120.0.0.0".
    pub browser: Option<String>,
    /// "Windows 10", "Mac OSX 10.15.7", "iPhone 17.1".
    pub os: Option<String>,
    /// Desktop, phone, tablet, bot or other.
    pub device: Option<DeviceKind>,
}

/// Parses a user agent with woothee (its dataset is compiled in: nothing to load or ship).
pub fn software(user_agent: &str) -> Software {
    const UNKNOWN: &str = "UNKNOWN";
    let Some(found) = woothee::parser::Parser::new().parse(user_agent) else {
        return Software::default();
    };
    let known = |text: &str| (!text.is_empty() && text != UNKNOWN).then(|| text.to_owned());
    let with_version = |name: Option<String>, version: &str| {
        name.map(|name| match known(version) {
            Some(version) => format!("{name} {version}"),
            None => name,
        })
    };
    let device = match found.category {
        "pc" => Some(DeviceKind::Desktop),
        "smartphone" | "mobilephone" if found.os == "iPad" => Some(DeviceKind::Tablet),
        "smartphone" | "mobilephone" => Some(DeviceKind::Mobile),
        "crawler" => Some(DeviceKind::Bot),
        "appliance" | "misc" => Some(DeviceKind::Other),
        _ => None,
    };
    // "Windows 10" already names its version; "NT 10.0" would only repeat it.
    let os_version = if found.os_version.starts_with("NT ") {
        ""
    } else {
        &found.os_version
    };
    Software {
        browser: with_version(known(found.name), found.version),
        os: with_version(known(found.os), os_version),
        device,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 \
        (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) \
        AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    const FIREFOX_LINUX: &str =
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    const SAFARI_IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 \
        (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
    const GOOGLEBOT: &str =
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    #[test]
    fn real_user_agents_name_browser_os_and_device() {
        let chrome = software(CHROME_WINDOWS);
        assert_eq!(chrome.browser.as_deref(), Some("Chrome 120.0.0.0"));
        assert!(
            chrome
                .os
                .as_deref()
                .is_some_and(|os| os.starts_with("Windows"))
        );
        assert_eq!(chrome.device, Some(DeviceKind::Desktop));

        let iphone = software(SAFARI_IPHONE);
        assert!(
            iphone
                .browser
                .as_deref()
                .is_some_and(|b| b.starts_with("Safari"))
        );
        assert!(
            iphone
                .os
                .as_deref()
                .is_some_and(|os| os.starts_with("iPhone"))
        );
        assert_eq!(iphone.device, Some(DeviceKind::Mobile));

        let firefox = software(FIREFOX_LINUX);
        assert_eq!(firefox.browser.as_deref(), Some("Firefox 121.0"));
        assert!(
            firefox
                .os
                .as_deref()
                .is_some_and(|os| os.starts_with("Linux"))
        );

        assert_eq!(software(SAFARI_IPAD).device, Some(DeviceKind::Tablet));
        assert_eq!(software(GOOGLEBOT).device, Some(DeviceKind::Bot));
        assert_eq!(software("curl-ish nonsense"), Software::default());
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn forwarding_headers_count_only_behind_a_trusted_proxy() {
        let proxies = parse_trusted_proxies("10.0.0.0/8, 192.168.1.5").unwrap_or_default();
        assert_eq!(proxies.len(), 2);
        // Not from a proxy: the header is whatever the client wrote.
        assert_eq!(
            client_ip(ip("203.0.113.9"), Some("1.1.1.1"), None, &proxies),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest address it did not add itself.
        assert_eq!(
            client_ip(
                ip("10.1.2.3"),
                Some("6.6.6.6, 198.51.100.7, 10.0.0.2"),
                None,
                &proxies
            ),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(
                ip("192.168.1.5"),
                None,
                Some("for=\"[2001:db8::1]:4711\";proto=https"),
                &proxies
            ),
            ip("2001:db8::1")
        );
        assert_eq!(
            client_ip(ip("10.1.2.3"), None, None, &proxies),
            ip("10.1.2.3")
        );
        // Nothing configured: never trusted.
        assert_eq!(
            client_ip(ip("10.1.2.3"), Some("1.1.1.1"), None, &[]),
            ip("10.1.2.3")
        );
        assert!(parse_trusted_proxies("10.0.0.0/33").is_err());
        assert_eq!(parse_trusted_proxies(""), Ok(Vec::new()));
    }

    #[test]
    fn languages_and_time_zones_are_checked() {
        assert_eq!(
            accept_language(Some("de-DE,de;q=0.9,en;q=0.8,fr;q=0.5")).as_deref(),
            Some("de-DE, de, en")
        );
        assert_eq!(accept_language(Some("<script>")), None);
        assert_eq!(
            time_zone(Some("Europe/Berlin")).as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(time_zone(Some("Mars/Olympus")), None);
        assert_eq!(time_zone(Some("Etc/GMT 5")).as_deref(), Some("Etc/GMT+5"));
        // 2026-07-01 12:00 UTC: Berlin is on summer time, Kolkata never changes.
        let summer = Timestamp(1_782_907_200_000);
        assert_eq!(utc_offset_minutes("Europe/Berlin", summer), Some(120));
        assert_eq!(utc_offset_minutes("Asia/Kolkata", summer), Some(330));
    }

    #[test]
    fn unchanged_visitors_are_not_written_again_soon() {
        let seen = ClientSeen {
            user_agent: Some("UA".to_owned()),
            ip: Some("1.2.3.4".to_owned()),
            language: Some("en".to_owned()),
            time_zone: Some("UTC".to_owned()),
        };
        let stored = ClientStored {
            seen: seen.clone(),
            last_seen_at: Timestamp(1_000_000),
        };
        assert!(!needs_write(&stored, &seen, Timestamp(1_000_000 + 60_000)));
        assert!(needs_write(
            &stored,
            &seen,
            Timestamp(1_000_000 + LAST_SEEN_STEP_MS)
        ));
        let moved = ClientSeen {
            ip: Some("5.6.7.8".to_owned()),
            ..seen.clone()
        };
        assert!(needs_write(&stored, &moved, Timestamp(1_000_001)));
        let no_zone = ClientSeen {
            time_zone: None,
            ..seen
        };
        assert!(!needs_write(&stored, &no_zone, Timestamp(1_000_001)));
    }
}
