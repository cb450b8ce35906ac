<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>flotilla::ui::EnrollmentKeyDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>&amp;Erneuern…</translation>
    </message>
    <message>
        <source>Enrollment key</source>
        <translation>Anmeldeschlüssel</translation>
    </message>
    <message>
        <source>Vehicles prove that they belong to this fleet with the enrollment key: a vehicle that registers with a proof made from this key is accepted at once, any other waits in Registrations for an operator. Configure the key in the vehicles&apos; agent (flotilla-agent --enrollment-key).</source>
        <translation>Fahrzeuge weisen mit dem Anmeldeschlüssel nach, dass sie zu dieser Flotte gehören: Ein Fahrzeug, das sich mit einem aus diesem Schlüssel erzeugten Nachweis registriert, wird sofort angenommen; jedes andere wartet unter „Registrierungen“ auf einen Bediener. Hinterlegen Sie den Schlüssel im Agenten der Fahrzeuge (flotilla-agent --enrollment-key).</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Copy the key to the clipboard</source>
        <translation>Schlüssel in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Replace the key with a new random one; the old key stops working at once</source>
        <translation>Schlüssel durch einen neuen Zufallsschlüssel ersetzen; der alte Schlüssel ist sofort ungültig</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Rotate enrollment key</source>
        <translation>Anmeldeschlüssel erneuern</translation>
    </message>
    <message>
        <source>Replace the enrollment key with a new one?</source>
        <translation>Den Anmeldeschlüssel durch einen neuen ersetzen?</translation>
    </message>
    <message>
        <source>The old key stops working at once: vehicles that register with it afterwards wait for an operator. Vehicles already registered keep their tokens.</source>
        <translation>Der alte Schlüssel ist sofort ungültig: Fahrzeuge, die sich danach damit registrieren, warten auf einen Bediener. Bereits registrierte Fahrzeuge behalten ihre Token.</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Erneuern</translation>
    </message>
    <message>
        <source>Could not rotate the key: %1</source>
        <translation>Der Schlüssel konnte nicht erneuert werden: %1</translation>
    </message>
    <message>
        <source>New key in use. Give it to the vehicles you set up from now on.</source>
        <translation>Neuer Schlüssel aktiv. Geben Sie ihn ab jetzt den Fahrzeugen, die Sie einrichten.</translation>
    </message>
    <message>
        <source>Enrollment key rotated.</source>
        <translation>Anmeldeschlüssel erneuert.</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>When the event was recorded (local time)</source>
        <translation>Zeitpunkt der Aufzeichnung (Ortszeit)</translation>
    </message>
    <message>
        <source>Event type, e.g. a registration or a decision</source>
        <translation>Ereignistyp, z. B. eine Registrierung oder eine Entscheidung</translation>
    </message>
    <message>
        <source>Vehicle the event is about, if any</source>
        <translation>Betroffenes Fahrzeug, falls vorhanden</translation>
    </message>
    <message>
        <source>Who caused it: the vehicle, the system or an operator</source>
        <translation>Wer es ausgelöst hat: das Fahrzeug, das System oder ein Bediener</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschehen ist</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::EventsPage</name>
    <message>
        <source>Filter events by kind, VIN, actor or summary</source>
        <translation>Ereignisse nach Art, FIN, Auslöser oder Zusammenfassung filtern</translation>
    </message>
    <message>
        <source>No events yet. Registrations, decisions and sessions are logged here.</source>
        <translation>Noch keine Ereignisse. Registrierungen, Entscheidungen und Sitzungen werden hier protokolliert.</translation>
    </message>
    <message>
        <source>Could not load the event log: %1</source>
        <translation>Das Ereignisprotokoll konnte nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::MainWindow</name>
    <message>
        <source>Flotilla</source>
        <translation>Flotilla</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fahrzeuge</translation>
    </message>
    <message>
        <source>Vehicle inventory (Ctrl+1)</source>
        <translation>Fahrzeugbestand (Strg+1)</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>Registrierungen</translation>
    </message>
    <message>
        <source>Registration requests to decide (Ctrl+2)</source>
        <translation>Zu entscheidende Registrierungsanfragen (Strg+2)</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Event log, newest first (Ctrl+3)</source>
        <translation>Ereignisprotokoll, neueste zuerst (Strg+3)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Vehicles</source>
        <translation>&amp;Fahrzeuge</translation>
    </message>
    <message>
        <source>&amp;Registrations</source>
        <translation>&amp;Registrierungen</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Find Vehicle</source>
        <translation>Fahrzeug &amp;suchen</translation>
    </message>
    <message>
        <source>F&amp;leet</source>
        <translation>F&amp;lotte</translation>
    </message>
    <message>
        <source>&amp;Demo fleet</source>
        <translation>&amp;Demo-Flotte</translation>
    </message>
    <message>
        <source>Run simulated vehicles that register and check in, for demonstrations</source>
        <translation>Simulierte Fahrzeuge ausführen, die sich registrieren und melden – für Vorführungen</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;Enrollment Key…</source>
        <translation>&amp;Anmeldeschlüssel…</translation>
    </message>
    <message>
        <source>Show, copy or rotate the key vehicles prove at registration</source>
        <translation>Den Schlüssel anzeigen, kopieren oder erneuern, den Fahrzeuge bei der Registrierung nachweisen</translation>
    </message>
    <message>
        <source>Server &amp;Status…</source>
        <translation>Server&amp;status…</translation>
    </message>
    <message>
        <source>Endpoints, data folder and counts of the embedded server</source>
        <translation>Endpunkte, Datenordner und Zähler des eingebetteten Servers</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Flotilla</source>
        <translation>Ü&amp;ber Flotilla</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Address vehicles use to reach this console&apos;s device endpoint</source>
        <translation>Adresse, unter der Fahrzeuge den Geräte-Endpunkt dieser Konsole erreichen</translation>
    </message>
    <message>
        <source>Vehicles in the inventory, vehicles seen recently, registrations to decide</source>
        <translation>Fahrzeuge im Bestand, kürzlich gesehene Fahrzeuge, zu entscheidende Registrierungen</translation>
    </message>
    <message>
        <source>Device endpoint: starting…</source>
        <translation>Geräte-Endpunkt: wird gestartet…</translation>
    </message>
    <message>
        <source>Vehicles: %1 · Online: %2 · Pending: %3</source>
        <translation>Fahrzeuge: %1 · Online: %2 · Ausstehend: %3</translation>
    </message>
    <message>
        <source>Demo fleet: on (%1 simulated)</source>
        <translation>Demo-Flotte: an (%1 simuliert)</translation>
    </message>
    <message>
        <source>Demo fleet: off</source>
        <translation>Demo-Flotte: aus</translation>
    </message>
    <message>
        <source>Simulated vehicles are running in this console (Fleet ▸ Demo fleet)</source>
        <translation>In dieser Konsole laufen simulierte Fahrzeuge (Flotte ▸ Demo-Flotte)</translation>
    </message>
    <message>
        <source>Start simulated vehicles with Fleet ▸ Demo fleet</source>
        <translation>Simulierte Fahrzeuge starten Sie mit Flotte ▸ Demo-Flotte</translation>
    </message>
    <message>
        <source>Could not read the server status: %1</source>
        <translation>Der Serverstatus konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Device endpoint: %1</source>
        <translation>Geräte-Endpunkt: %1</translation>
    </message>
    <message>
        <source>Registration requests waiting for a decision: %1 (Ctrl+2)</source>
        <translation>Registrierungsanfragen, die auf eine Entscheidung warten: %1 (Strg+2)</translation>
    </message>
    <message>
        <source>About Flotilla</source>
        <translation>Über Flotilla</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Flotilla %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Flotilla %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>A desktop console for over-the-air updates and remote control of a vehicle fleet: OMA-DM 2.0 over HTTPS, with an embedded server and a simulated demo fleet.&lt;br&gt;&lt;br&gt;Built with Qt %1.</source>
        <translation>Eine Desktop-Konsole für Over-the-Air-Updates und die Fernsteuerung einer Fahrzeugflotte: OMA-DM 2.0 über HTTPS, mit eingebettetem Server und simulierter Demo-Flotte.&lt;br&gt;&lt;br&gt;Erstellt mit Qt %1.</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationController</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Accepted %1; it receives its token when it registers again.</source>
        <translation>%1 angenommen; das Fahrzeug erhält sein Token bei der nächsten Registrierung.</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n vehicles.</source>
        <translation>
            <numerusform>%n Fahrzeug angenommen.</numerusform>
            <numerusform>%n Fahrzeuge angenommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not accept %1</source>
        <translation>Annehmen nicht möglich: %1</translation>
    </message>
    <message>
        <source>Reject registration</source>
        <translation>Registrierung ablehnen</translation>
    </message>
    <message>
        <source>Why is %1 rejected? The reason is kept in the event log.</source>
        <translation>Warum wird %1 abgelehnt? Der Grund wird im Ereignisprotokoll festgehalten.</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n vehicles rejected? The reason is kept in the event log.</source>
        <translation>
            <numerusform>Warum wird dieses %n Fahrzeug abgelehnt? Der Grund wird im Ereignisprotokoll festgehalten.</numerusform>
            <numerusform>Warum werden diese %n Fahrzeuge abgelehnt? Der Grund wird im Ereignisprotokoll festgehalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown vehicle</source>
        <translation>Unbekanntes Fahrzeug</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Rejected %1.</source>
        <translation>%1 abgelehnt.</translation>
    </message>
    <message numerus="yes">
        <source>Rejected %n vehicles.</source>
        <translation>
            <numerusform>%n Fahrzeug abgelehnt.</numerusform>
            <numerusform>%n Fahrzeuge abgelehnt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not reject %1</source>
        <translation>Ablehnen nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationTableModel</name>
    <message>
        <source>The vehicle sent no enrollment proof</source>
        <translation>Das Fahrzeug hat keinen Anmeldenachweis gesendet</translation>
    </message>
    <message>
        <source>The vehicle&apos;s enrollment proof does not match the enrollment key (old key or wrong VIN/DevID?)</source>
        <translation>Der Anmeldenachweis des Fahrzeugs passt nicht zum Anmeldeschlüssel (alter Schlüssel oder falsche FIN/DevID?)</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Proof</source>
        <translation>Nachweis</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>Angefragt am</translation>
    </message>
    <message>
        <source>Peer address</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Vehicle identification number the vehicle registered with</source>
        <translation>Fahrzeug-Identifizierungsnummer, mit der sich das Fahrzeug registriert hat</translation>
    </message>
    <message>
        <source>Device ID of the vehicle&apos;s DM client</source>
        <translation>Geräte-ID des DM-Clients im Fahrzeug</translation>
    </message>
    <message>
        <source>Model from the DevInfo the vehicle sent</source>
        <translation>Modell aus den vom Fahrzeug gesendeten DevInfo-Daten</translation>
    </message>
    <message>
        <source>Enrollment proof status: missing or invalid (valid proofs are accepted automatically)</source>
        <translation>Status des Anmeldenachweises: fehlt oder ungültig (gültige Nachweise werden automatisch angenommen)</translation>
    </message>
    <message>
        <source>When the vehicle asked to register</source>
        <translation>Zeitpunkt der Registrierungsanfrage</translation>
    </message>
    <message>
        <source>Network address the request came from</source>
        <translation>Netzwerkadresse, von der die Anfrage kam</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationsPage</name>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>A&amp;blehnen…</translation>
    </message>
    <message>
        <source>Vehicles that registered without a valid enrollment proof wait here. Accept a vehicle you recognise: it receives its token the next time it registers. Reject the others; their requests are refused from then on.</source>
        <translation>Fahrzeuge, die sich ohne gültigen Anmeldenachweis registriert haben, warten hier. Nehmen Sie ein Fahrzeug an, das Sie kennen: Es erhält sein Token bei der nächsten Registrierung. Lehnen Sie die anderen ab; ihre Anfragen werden dann abgewiesen.</translation>
    </message>
    <message>
        <source>No registration requests are waiting.
Vehicles that register with a valid enrollment proof are accepted automatically.</source>
        <translation>Es warten keine Registrierungsanfragen.
Fahrzeuge mit gültigem Anmeldenachweis werden automatisch angenommen.</translation>
    </message>
    <message>
        <source>Accept the selected vehicles (Ctrl+Return)</source>
        <translation>Ausgewählte Fahrzeuge annehmen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Reject the selected vehicles; you will be asked for a reason (Delete)</source>
        <translation>Ausgewählte Fahrzeuge ablehnen; Sie werden nach einem Grund gefragt (Entf)</translation>
    </message>
    <message>
        <source>Could not load registration requests: %1</source>
        <translation>Registrierungsanfragen konnten nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ServerStatusDialog</name>
    <message>
        <source>Server status</source>
        <translation>Serverstatus</translation>
    </message>
    <message>
        <source>Server ID</source>
        <translation>Server-ID</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Device endpoint</source>
        <translation>Geräte-Endpunkt</translation>
    </message>
    <message>
        <source>Management API</source>
        <translation>Verwaltungs-API</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Running since</source>
        <translation>Läuft seit</translation>
    </message>
    <message>
        <source>Poll interval</source>
        <translation>Abfrageintervall</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fahrzeuge</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Never accepted</source>
        <translation>Nie angenommen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Blocked or wiped</source>
        <translation>Gesperrt oder gelöscht</translation>
    </message>
    <message>
        <source>Pending registrations</source>
        <translation>Ausstehende Registrierungen</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>DM sessions since start</source>
        <translation>DM-Sitzungen seit dem Start</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Could not read the server status: %1</source>
        <translation>Der Serverstatus konnte nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::ui::Text</name>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Wiped</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>Registered without a valid enrollment proof; waiting for an operator to accept or reject it</source>
        <translation>Ohne gültigen Anmeldenachweis registriert; wartet darauf, dass ein Bediener es annimmt oder ablehnt</translation>
    </message>
    <message>
        <source>Accepted: the vehicle holds a token and checks in</source>
        <translation>Angenommen: Das Fahrzeug hat ein Token und meldet sich</translation>
    </message>
    <message>
        <source>Rejected by an operator: the vehicle&apos;s requests are refused</source>
        <translation>Von einem Bediener abgelehnt: Die Anfragen des Fahrzeugs werden abgewiesen</translation>
    </message>
    <message>
        <source>Blocked by an operator: the vehicle&apos;s requests are refused</source>
        <translation>Von einem Bediener gesperrt: Die Anfragen des Fahrzeugs werden abgewiesen</translation>
    </message>
    <message>
        <source>Wiped: the vehicle was told to erase its data and is no longer managed</source>
        <translation>Gelöscht: Das Fahrzeug wurde angewiesen, seine Daten zu löschen, und wird nicht mehr verwaltet</translation>
    </message>
    <message>
        <source>Token issued</source>
        <translation>Token ausgestellt</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>ungültig</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n min</numerusform>
            <numerusform>vor %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n h</numerusform>
            <numerusform>vor %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleDetailsPanel</name>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Accept this vehicle&apos;s registration: it receives a token at its next registration</source>
        <translation>Registrierung dieses Fahrzeugs annehmen: Es erhält bei der nächsten Registrierung ein Token</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Reject this vehicle&apos;s registration; you will be asked for a reason</source>
        <translation>Registrierung dieses Fahrzeugs ablehnen; Sie werden nach einem Grund gefragt</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Hersteller</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>OEM</source>
        <translation>OEM</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>Gerätetyp</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>DM version</source>
        <translation>DM-Version</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Last address</source>
        <translation>Letzte Adresse</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Reported MOs</source>
        <translation>Gemeldete MOs</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Firmware (FwV)</source>
        <translation>Firmware (FwV)</translation>
    </message>
    <message>
        <source>Software (SwV)</source>
        <translation>Software (SwV)</translation>
    </message>
    <message>
        <source>Hardware (HwV)</source>
        <translation>Hardware (HwV)</translation>
    </message>
    <message>
        <source>RXSWIN</source>
        <translation>RXSWIN</translation>
    </message>
    <message>
        <source>Codecs</source>
        <translation>Codecs</translation>
    </message>
    <message>
        <source>Delta memory</source>
        <translation>Delta-Speicher</translation>
    </message>
    <message>
        <source>Regulation X Software Identification Numbers (UNECE R156) the vehicle reports</source>
        <translation>Vom Fahrzeug gemeldete Regulation-X-Software-Identifikationsnummern (UNECE R156)</translation>
    </message>
    <message>
        <source>Memory the vehicle can spend on applying a delta update</source>
        <translation>Speicher, den das Fahrzeug für das Anwenden eines Delta-Updates aufwenden kann</translation>
    </message>
    <message>
        <source>Software and update capabilities</source>
        <translation>Software und Update-Fähigkeiten</translation>
    </message>
    <message>
        <source>ECU</source>
        <translation>Steuergerät</translation>
    </message>
    <message>
        <source>Hardware ID</source>
        <translation>Hardware-ID</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>Softwareversion</translation>
    </message>
    <message>
        <source>ECUs</source>
        <translation>Steuergeräte</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registriert</translation>
    </message>
    <message>
        <source>Enrollment proof</source>
        <translation>Anmeldenachweis</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefragt</translation>
    </message>
    <message>
        <source>From address</source>
        <translation>Von Adresse</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Registrierung</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Letzte Sitzungen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Letzte Ereignisse</translation>
    </message>
    <message>
        <source>Select a vehicle to see its details.</source>
        <translation>Wählen Sie ein Fahrzeug, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Vehicle %1 is not in the store.</source>
        <translation>Fahrzeug %1 ist nicht im Datenbestand.</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 by %2 (%3)</source>
        <translation>%1 von %2 (%3)</translation>
    </message>
    <message>
        <source>Not yet decided</source>
        <translation>Noch nicht entschieden</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleFeed</name>
    <message>
        <source>Could not load the vehicle list: %1</source>
        <translation>Die Fahrzeugliste konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not refresh vehicles: %1</source>
        <translation>Fahrzeuge konnten nicht aktualisiert werden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleTableModel</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Firmware %1, software %2, hardware %3</source>
        <translation>Firmware %1, Software %2, Hardware %3</translation>
    </message>
    <message>
        <source>Never checked in</source>
        <translation>Hat sich noch nie gemeldet</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>OEM</source>
        <translation>OEM</translation>
    </message>
    <message>
        <source>FwV / SwV</source>
        <translation>FwV / SwV</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Vehicle identification number (ISO 3779)</source>
        <translation>Fahrzeug-Identifizierungsnummer (ISO 3779)</translation>
    </message>
    <message>
        <source>Device ID of the vehicle&apos;s DM client (DevInfo/DevID)</source>
        <translation>Geräte-ID des DM-Clients im Fahrzeug (DevInfo/DevID)</translation>
    </message>
    <message>
        <source>Model reported by the vehicle (DevInfo/Mod)</source>
        <translation>Vom Fahrzeug gemeldetes Modell (DevInfo/Mod)</translation>
    </message>
    <message>
        <source>OEM reported by the vehicle (DevInfo/OEM)</source>
        <translation>Vom Fahrzeug gemeldeter OEM (DevInfo/OEM)</translation>
    </message>
    <message>
        <source>Firmware and software version reported by the vehicle (DevInfo/FwV and SwV)</source>
        <translation>Vom Fahrzeug gemeldete Firmware- und Softwareversion (DevInfo/FwV und SwV)</translation>
    </message>
    <message>
        <source>Registration state: pending, accepted, rejected, blocked or wiped</source>
        <translation>Registrierungszustand: ausstehend, angenommen, abgelehnt, gesperrt oder gelöscht</translation>
    </message>
    <message>
        <source>Online when the vehicle checked in recently</source>
        <translation>Online, wenn sich das Fahrzeug kürzlich gemeldet hat</translation>
    </message>
    <message>
        <source>Time since the vehicle&apos;s last request to the device endpoint</source>
        <translation>Zeit seit der letzten Anfrage des Fahrzeugs an den Geräte-Endpunkt</translation>
    </message>
    <message>
        <source>DM sessions the vehicle has opened</source>
        <translation>Vom Fahrzeug geöffnete DM-Sitzungen</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehiclesPage</name>
    <message>
        <source>Filter by VIN, DevID, model or OEM (Ctrl+F)</source>
        <translation>Nach FIN, DevID, Modell oder OEM filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Shows vehicles whose VIN, DevID, model or OEM contains this text</source>
        <translation>Zeigt Fahrzeuge, deren FIN, DevID, Modell oder OEM diesen Text enthält</translation>
    </message>
    <message>
        <source>Show only vehicles in this registration state</source>
        <translation>Nur Fahrzeuge in diesem Registrierungszustand anzeigen</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <source>Vehicles: %1</source>
        <translation>Fahrzeuge: %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1 (wird geladen…)</translation>
    </message>
    <message>
        <source>Loading vehicles…</source>
        <translation>Fahrzeuge werden geladen…</translation>
    </message>
    <message>
        <source>No vehicles yet — vehicles appear here when they register.
Demo fleet: Fleet ▸ Demo fleet.</source>
        <translation>Noch keine Fahrzeuge – Fahrzeuge erscheinen hier, sobald sie sich registrieren.
Demo-Flotte: Flotte ▸ Demo-Flotte.</translation>
    </message>
    <message>
        <source>No vehicle matches the filter.</source>
        <translation>Kein Fahrzeug entspricht dem Filter.</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n registrations</source>
        <translation>
            <numerusform>%n Registrierung annehmen</numerusform>
            <numerusform>%n Registrierungen annehmen</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept registration</source>
        <translation>Registrierung annehmen</translation>
    </message>
    <message numerus="yes">
        <source>Reject %n registrations…</source>
        <translation>
            <numerusform>%n Registrierung ablehnen…</numerusform>
            <numerusform>%n Registrierungen ablehnen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reject registration…</source>
        <translation>Registrierung ablehnen…</translation>
    </message>
    <message numerus="yes">
        <source>Copy %n VINs</source>
        <translation>
            <numerusform>%n FIN kopieren</numerusform>
            <numerusform>%n FINs kopieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy VIN</source>
        <translation>FIN kopieren</translation>
    </message>
</context>
</TS>
