<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>flotilla::ui::AssignDialog</name>
    <message>
        <source>Assign</source>
        <translation>Zuweisen</translation>
    </message>
    <message>
        <source>Update %1</source>
        <translation>%1 aktualisieren</translation>
    </message>
    <message>
        <source>Update vehicles</source>
        <translation>Fahrzeuge aktualisieren</translation>
    </message>
    <message>
        <source>Filter by VIN or model</source>
        <translation>Nach FIN oder Modell filtern</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>Alle auswählen</translation>
    </message>
    <message>
        <source>Check none</source>
        <translation>Keine auswählen</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>Releases werden geladen…</translation>
    </message>
    <message>
        <source>Release:</source>
        <translation>Release:</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>Die Releases konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No releases yet: import one in Releases first.</source>
        <translation>Noch keine Releases: Importieren Sie zuerst eines unter „Releases“.</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>Installs %1 · release counter %2 · %3</source>
        <translation>Installiert %1 · Release-Zähler %2 · %3</translation>
    </message>
    <message>
        <source>No vehicle in the inventory has the hardware of this release (%1).</source>
        <translation>Kein Fahrzeug im Bestand hat die Hardware dieses Release (%1).</translation>
    </message>
    <message>
        <source>Assigning…</source>
        <translation>Wird zugewiesen…</translation>
    </message>
    <message>
        <source>Nothing was assigned: %1</source>
        <translation>Es wurde nichts zugewiesen: %1</translation>
    </message>
    <message>
        <source>Job %1: %2</source>
        <translation>Auftrag %1: %2</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Abgewiesen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n update jobs queued for %1.</source>
        <translation>
            <numerusform>%n Update-Auftrag für %1 eingereiht.</numerusform>
            <numerusform>%n Update-Aufträge für %1 eingereiht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles refused; see Result.</source>
        <translation>
            <numerusform>%n Fahrzeug abgewiesen; siehe „Ergebnis“.</numerusform>
            <numerusform>%n Fahrzeuge abgewiesen; siehe „Ergebnis“.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assign to %n vehicles</source>
        <translation>
            <numerusform>An %n Fahrzeug zuweisen</numerusform>
            <numerusform>An %n Fahrzeuge zuweisen</numerusform>
        </translation>
    </message>
    <message>
        <source>The release applies to none of these vehicles; the column What changes says why.</source>
        <translation>Das Release passt zu keinem dieser Fahrzeuge; die Spalte „Änderungen“ nennt den Grund.</translation>
    </message>
    <message>
        <source>The release applies to %1 of %2 vehicles; %3 checked. Each checked vehicle gets an update job, delivered at its next session.</source>
        <translation>Das Release passt zu %1 von %2 Fahrzeugen; %3 ausgewählt. Jedes ausgewählte Fahrzeug erhält einen Update-Auftrag, der in seiner nächsten Sitzung zugestellt wird.</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::AssignmentModel</name>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Not accepted (%1)</source>
        <translation>Nicht angenommen (%1)</translation>
    </message>
    <message>
        <source>Busy with update job %1 (%2)</source>
        <translation>Update-Auftrag %1 läuft (%2)</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>Already runs this release</source>
        <translation>Dieses Release ist bereits installiert</translation>
    </message>
    <message>
        <source>No ECU with the release&apos;s hardware (%1)</source>
        <translation>Kein Steuergerät mit der Hardware des Release (%1)</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::BulkCommandDialog</name>
    <message>
        <source>Target temperature:</source>
        <translation>Zieltemperatur:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Send a command to %1</source>
        <translation>Befehl an %1 senden</translation>
    </message>
    <message>
        <source>Send one command to the selected %1. Each vehicle gets its own command and answers for itself; a vehicle whose state forbids the command refuses it.</source>
        <translation>Einen Befehl an die ausgewählten %1 senden. Jedes Fahrzeug erhält einen eigenen Befehl und antwortet selbst; ein Fahrzeug, dessen Zustand den Befehl nicht zulässt, verweigert ihn.</translation>
    </message>
    <message>
        <source> °C</source>
        <translation> °C</translation>
    </message>
    <message>
        <source>Cabin temperature the climate control aims for (16-28 °C)</source>
        <translation>Innenraumtemperatur, die die Klimatisierung anstrebt (16-28 °C)</translation>
    </message>
    <message>
        <source>A vehicle that does not take the command within this time never runs it</source>
        <translation>Ein Fahrzeug, das den Befehl nicht innerhalb dieser Zeit abholt, führt ihn nie aus</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 Minute</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 Minuten</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 Stunden</translation>
    </message>
    <message>
        <source>Every selected vehicle has its notification channel online: they get the command at once.</source>
        <translation>Bei allen ausgewählten Fahrzeugen ist der Benachrichtigungskanal online: Sie erhalten den Befehl sofort.</translation>
    </message>
    <message>
        <source>%1 of %2 vehicles have their notification channel online and get the command at once; the others get it at their next check-in, if that comes before it expires.</source>
        <translation>Bei %1 von %2 Fahrzeugen ist der Benachrichtigungskanal online; sie erhalten den Befehl sofort. Die anderen erhalten ihn bei ihrer nächsten Meldung, sofern diese vor Ablauf erfolgt.</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Expires after:</source>
        <translation>Läuft ab nach:</translation>
    </message>
    <message>
        <source>%v of %m finished</source>
        <translation>%v von %m abgeschlossen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>Send to %1</source>
        <translation>An %1 senden</translation>
    </message>
    <message>
        <source>Log in to send commands</source>
        <translation>Melden Sie sich an, um Befehle zu senden</translation>
    </message>
    <message>
        <source>Sending commands needs the engineer or administrator role; you are %1 (%2)</source>
        <translation>Zum Senden von Befehlen ist die Rolle Techniker oder Administrator erforderlich; Sie sind %1 (%2)</translation>
    </message>
    <message>
        <source>Queue %1 for every selected vehicle</source>
        <translation>%1 für jedes ausgewählte Fahrzeug einreihen</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>The server did not send the command: %1</source>
        <translation>Der Server hat den Befehl nicht gesendet: %1</translation>
    </message>
    <message>
        <source>Could not send %1 to the selected vehicles: %2</source>
        <translation>%1 konnte nicht an die ausgewählten Fahrzeuge gesendet werden: %2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1 (%2) → %3</translation>
    </message>
    <message>
        <source>%1 queued for %2.</source>
        <translation>%1 für %2 eingereiht.</translation>
    </message>
    <message>
        <source>Could not refresh the bulk command: %1</source>
        <translation>Der Sammelbefehl konnte nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::BulkCommandModel</name>
    <message>
        <source>not sent</source>
        <translation>nicht gesendet</translation>
    </message>
    <message>
        <source>The server sent no command to this vehicle: %1</source>
        <translation>Der Server hat diesem Fahrzeug keinen Befehl gesendet: %1</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Vehicle identification number</source>
        <translation>Fahrzeug-Identifizierungsnummer</translation>
    </message>
    <message>
        <source>Where the vehicle&apos;s command stands: queued, sent, done, failed, refused, expired</source>
        <translation>Stand des Befehls für das Fahrzeug: eingereiht, gesendet, erledigt, fehlgeschlagen, verweigert, abgelaufen</translation>
    </message>
    <message>
        <source>What the vehicle answered, or why the server sent it no command</source>
        <translation>Antwort des Fahrzeugs oder Grund, warum der Server ihm keinen Befehl gesendet hat</translation>
    </message>
    <message>
        <source>When the command last changed state</source>
        <translation>Letzte Zustandsänderung des Befehls</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignProgressPanel</name>
    <message>
        <source>Approval review</source>
        <translation>Freigabeprüfung</translation>
    </message>
    <message>
        <source>Vehicles per wave</source>
        <translation>Fahrzeuge je Welle</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Result code</source>
        <translation>Ergebniscode</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fahrzeuge</translation>
    </message>
    <message>
        <source>Changes since the last approval:</source>
        <translation>Änderungen seit der letzten Freigabe:</translation>
    </message>
    <message>
        <source>Failures by result code:</source>
        <translation>Fehler nach Ergebniscode:</translation>
    </message>
    <message>
        <source>Select a campaign to follow its progress.</source>
        <translation>Wählen Sie eine Kampagne, um ihren Fortschritt zu verfolgen.</translation>
    </message>
    <message>
        <source>%1 · %2 · revision %3</source>
        <translation>%1 · %2 · Revision %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vehicles&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Fahrzeuge&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Jobs&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;Aufträge&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Reason&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;Grund&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>Welle %1</translation>
    </message>
    <message>
        <source>No result code (expired, cancelled or refused)</source>
        <translation>Kein Ergebniscode (abgelaufen, abgebrochen oder abgewiesen)</translation>
    </message>
    <message>
        <source>First submission: never approved before.</source>
        <translation>Erste Einreichung: noch nie freigegeben.</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>Probelauf…</translation>
    </message>
    <message>
        <source>Dry run failed: %1</source>
        <translation>Probelauf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1: …</source>
        <translation>%1: …</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignTableModel</name>
    <message>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>Wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Halted</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>engineer</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <source>approver</source>
        <translation>Freigeber</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Einreichen</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Fehlgeschlagene wiederholen</translation>
    </message>
    <message>
        <source>Halt</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Welle</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>Freigeber</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignVehicleModel</name>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Welle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignWizard</name>
    <message>
        <source>As the release says</source>
        <translation>Wie im Release festgelegt</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Not required</source>
        <translation>Nicht erforderlich</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>Neue Kampagne</translation>
    </message>
    <message>
        <source>Create and submit</source>
        <translation>Erstellen und einreichen</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Name the campaign and choose the release it rolls out.</source>
        <translation>Benennen Sie die Kampagne und wählen Sie das Release, das sie ausrollt.</translation>
    </message>
    <message>
        <source>e.g. Head unit 1.3.0, Europe</source>
        <translation>z. B. Headunit 1.3.0, Europa</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>Releases werden geladen…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Release:</source>
        <translation>&amp;Release:</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Each filter matches any of its values (comma-separated); filters combine. No filter at all targets the whole accepted fleet; VINs are added to what the filters match.</source>
        <translation>Jeder Filter trifft auf jeden seiner Werte zu (durch Kommas getrennt); mehrere Filter werden kombiniert. Ohne Filter ist die gesamte angenommene Flotte das Ziel; FINs kommen zu den Treffern der Filter hinzu.</translation>
    </message>
    <message>
        <source>any OEM</source>
        <translation>beliebiger OEM</translation>
    </message>
    <message>
        <source>any model</source>
        <translation>beliebiges Modell</translation>
    </message>
    <message>
        <source>any hardware id</source>
        <translation>beliebige Hardware-ID</translation>
    </message>
    <message>
        <source>any version of the targeted ECU</source>
        <translation>beliebige Version des Ziel-Steuergeräts</translation>
    </message>
    <message>
        <source>any tag</source>
        <translation>beliebiges Tag</translation>
    </message>
    <message>
        <source>VINs, one per line or comma-separated</source>
        <translation>FINs, eine pro Zeile oder durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Add vehicles that match later to the last wave</source>
        <translation>Später passende Fahrzeuge zur letzten Welle hinzufügen</translation>
    </message>
    <message>
        <source>&amp;OEM:</source>
        <translation>&amp;OEM:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Hardware id:</source>
        <translation>&amp;Hardware-ID:</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>&amp;Version:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <source>V&amp;INs:</source>
        <translation>F&amp;INs:</translation>
    </message>
    <message>
        <source>Matching:</source>
        <translation>Treffer:</translation>
    </message>
    <message>
        <source>Waves and thresholds</source>
        <translation>Wellen und Schwellenwerte</translation>
    </message>
    <message>
        <source>Waves grow the rollout step by step; a wave that fails too often halts the campaign before the next one starts.</source>
        <translation>Wellen erweitern den Rollout schrittweise; eine Welle mit zu vielen Fehlschlägen stoppt die Kampagne, bevor die nächste beginnt.</translation>
    </message>
    <message>
        <source>Cumulative shares of the targets in %, ascending, ending at 100</source>
        <translation>Kumulative Anteile der Ziele in %, aufsteigend, endend bei 100</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Download only (install with a later campaign)</source>
        <translation>Nur herunterladen (Installation mit einer späteren Kampagne)</translation>
    </message>
    <message>
        <source>&amp;Waves (cumulative %):</source>
        <translation>&amp;Wellen (kumulativ in %):</translation>
    </message>
    <message>
        <source>&amp;Success needed per wave:</source>
        <translation>Erforderlicher &amp;Erfolg je Welle:</translation>
    </message>
    <message>
        <source>Halt after &amp;failures (count):</source>
        <translation>Stoppen nach &amp;Fehlschlägen (Anzahl):</translation>
    </message>
    <message>
        <source>Halt after failures (&amp;share):</source>
        <translation>Stoppen nach Fehlschlägen (&amp;Anteil):</translation>
    </message>
    <message>
        <source>&amp;Retries per vehicle:</source>
        <translation>Wieder&amp;holungen je Fahrzeug:</translation>
    </message>
    <message>
        <source>Schedule, consent and preconditions</source>
        <translation>Zeitplan, Zustimmung und Vorbedingungen</translation>
    </message>
    <message>
        <source>Start by hand after approval</source>
        <translation>Nach der Freigabe manuell starten</translation>
    </message>
    <message>
        <source>Maintenance window: notify vehicles only inside it</source>
        <translation>Wartungsfenster: Fahrzeuge nur innerhalb davon benachrichtigen</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Uhrzeit:</translation>
    </message>
    <message>
        <source>Days (none: every day):</source>
        <translation>Tage (keine: täglich):</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <source>Owner&apos;s consent required</source>
        <translation>Zustimmung des Halters erforderlich</translation>
    </message>
    <message>
        <source>No consent needed</source>
        <translation>Keine Zustimmung nötig</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Start:</translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation>&amp;Zustimmung:</translation>
    </message>
    <message>
        <source>Consent &amp;deadline:</source>
        <translation>Zustimmungs&amp;frist:</translation>
    </message>
    <message>
        <source>&amp;Reminders every:</source>
        <translation>E&amp;rinnerung alle:</translation>
    </message>
    <message>
        <source>Minimum &amp;battery:</source>
        <translation>Mindest-&amp;Batterieladung:</translation>
    </message>
    <message>
        <source>&amp;Parked:</source>
        <translation>&amp;Geparkt:</translation>
    </message>
    <message>
        <source>&amp;Ignition off:</source>
        <translation>Zündung &amp;aus:</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <source>What the campaign would do if it ran now. Create and submit sends it to an approver.</source>
        <translation>Was die Kampagne täte, wenn sie jetzt liefe. „Erstellen und einreichen“ sendet sie an einen Freigeber.</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>Die Releases konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No release imported yet</source>
        <translation>Noch kein Release importiert</translation>
    </message>
    <message>
        <source>Waves are cumulative percentages from 1 to 100 or vehicle counts, e.g. “1, 10, 50, 100” or “5 vehicles, 20 vehicles, rest”.</source>
        <translation>Wellen sind kumulative Prozentwerte von 1 bis 100 oder Fahrzeugzahlen, z. B. „1, 10, 50, 100“ oder „5 vehicles, 20 vehicles, rest“.</translation>
    </message>
    <message>
        <source>The last wave must reach 100 % (or be “rest”) so that every target is covered.</source>
        <translation>Die letzte Welle muss 100 % erreichen (oder „rest“ sein), damit alle Ziele abgedeckt sind.</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicle(s)</source>
        <translation>
            <numerusform>%n Fahrzeug</numerusform>
            <numerusform>%n Fahrzeuge</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit campaign “%1”</source>
        <translation>Kampagne „%1“ bearbeiten</translation>
    </message>
    <message>
        <source>Save and submit</source>
        <translation>Speichern und einreichen</translation>
    </message>
    <message>
        <source>Saving submits the draft for approval.</source>
        <translation>Beim Speichern wird der Entwurf zur Freigabe eingereicht.</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>The campaign waits for approval; the approver will see this revision and what changed.</source>
        <translation>Die Kampagne wartet auf Freigabe; der Freigeber sieht diese Revision und die Änderungen.</translation>
    </message>
    <message>
        <source>Save and send to approval</source>
        <translation>Speichern und zur Freigabe senden</translation>
    </message>
    <message>
        <source>This campaign is %1. Saving sends it back to approval: it does not run again until an approver other than its author approves the changes.</source>
        <translation>Diese Kampagne ist im Zustand „%1“. Beim Speichern geht sie zurück in die Freigabe: Sie läuft erst wieder, wenn ein Freigeber, der nicht ihr Autor ist, die Änderungen freigibt.</translation>
    </message>
    <message>
        <source>What the campaign would do with these settings if it ran now. Nothing is saved until you finish.</source>
        <translation>Was die Kampagne mit diesen Einstellungen täte, wenn sie jetzt liefe. Gespeichert wird erst, wenn Sie abschließen.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Wird gezählt…</translation>
    </message>
    <message>
        <source>Cannot count: %1</source>
        <translation>Zählen nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicle(s) match</source>
        <translation>
            <numerusform>%n Fahrzeug passt</numerusform>
            <numerusform>%n Fahrzeuge passen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compatible</source>
        <translation>
            <numerusform>%n kompatibel</numerusform>
            <numerusform>%n kompatibel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n blockiert</numerusform>
            <numerusform>%n blockiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved as draft #%1.</source>
        <translation>Als Entwurf #%1 gespeichert.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Wird eingereicht…</translation>
    </message>
    <message>
        <source>Could not submit: %1</source>
        <translation>Einreichen nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignsPage</name>
    <message>
        <source>New campaign…</source>
        <translation>Neue Kampagne…</translation>
    </message>
    <message>
        <source>Plan a staged rollout: release, targets, waves, schedule, dry run</source>
        <translation>Einen gestaffelten Rollout planen: Release, Ziele, Wellen, Zeitplan, Probelauf</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Acting as %1 (%2)</source>
        <translation>Angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Could not load the campaigns: %1</source>
        <translation>Die Kampagnen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Reject campaign</source>
        <translation>Kampagne ablehnen</translation>
    </message>
    <message>
        <source>Why is the campaign rejected? The author sees this reason.</source>
        <translation>Warum wird die Kampagne abgelehnt? Der Autor sieht diesen Grund.</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>Eine Ablehnung braucht eine Begründung.</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>„%1“ abgewiesen: %2</translation>
    </message>
    <message>
        <source>%1: campaign “%2” is now %3.</source>
        <translation>%1: Kampagne „%2“ hat jetzt den Zustand „%3“.</translation>
    </message>
    <message>
        <source>Finish or close the open campaign wizard first.</source>
        <translation>Beenden oder schließen Sie zuerst den offenen Kampagnen-Assistenten.</translation>
    </message>
    <message>
        <source>Campaign “%1” saved; it waits for approval again.</source>
        <translation>Kampagne „%1“ gespeichert; sie wartet erneut auf Freigabe.</translation>
    </message>
    <message>
        <source>Campaign “%1” saved.</source>
        <translation>Kampagne „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Campaign “%1” submitted for approval.</source>
        <translation>Kampagne „%1“ zur Freigabe eingereicht.</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandController</name>
    <message>
        <source>Log in to send commands</source>
        <translation>Melden Sie sich an, um Befehle zu senden</translation>
    </message>
    <message>
        <source>Only an administrator may wipe or reset a vehicle; you are logged in as %1 (%2)</source>
        <translation>Nur ein Administrator darf die Daten eines Fahrzeugs löschen oder es zurücksetzen; Sie sind angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Sending commands needs the engineer or administrator role; you are logged in as %1 (%2)</source>
        <translation>Zum Senden von Befehlen ist die Rolle Techniker oder Administrator erforderlich; Sie sind angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Could not send %1 to %2: %3</source>
        <translation>%1 konnte nicht an %2 gesendet werden: %3</translation>
    </message>
    <message>
        <source>%1 queued for %2.</source>
        <translation>%1 für %2 eingereiht.</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Bediener</translation>
    </message>
    <message>
        <source>When the operator sent the command</source>
        <translation>Zeitpunkt, zu dem der Bediener den Befehl gesendet hat</translation>
    </message>
    <message>
        <source>What the vehicle was asked to do</source>
        <translation>Was das Fahrzeug tun sollte</translation>
    </message>
    <message>
        <source>The command&apos;s arguments, such as the climate target temperature</source>
        <translation>Die Argumente des Befehls, etwa die Zieltemperatur der Klimatisierung</translation>
    </message>
    <message>
        <source>Queued, sent, accepted, done, failed, refused, expired or cancelled</source>
        <translation>Eingereiht, gesendet, angenommen, erledigt, fehlgeschlagen, verweigert, abgelaufen oder abgebrochen</translation>
    </message>
    <message>
        <source>What the vehicle answered: the reason of a refusal or failure, a location, ...</source>
        <translation>Antwort des Fahrzeugs: Grund einer Verweigerung oder eines Fehlers, eine Position, ...</translation>
    </message>
    <message>
        <source>The operator who sent it</source>
        <translation>Der Bediener, der ihn gesendet hat</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandText</name>
    <message>
        <source>Lock</source>
        <translation>Verriegeln</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entriegeln</translation>
    </message>
    <message>
        <source>Horn &amp; lights</source>
        <translation>Hupe &amp; Licht</translation>
    </message>
    <message>
        <source>Open trunk</source>
        <translation>Kofferraum öffnen</translation>
    </message>
    <message>
        <source>Climate on</source>
        <translation>Klimatisierung ein</translation>
    </message>
    <message>
        <source>Climate off</source>
        <translation>Klimatisierung aus</translation>
    </message>
    <message>
        <source>Engine start</source>
        <translation>Motorstart</translation>
    </message>
    <message>
        <source>Engine stop</source>
        <translation>Motorstopp</translation>
    </message>
    <message>
        <source>Locate</source>
        <translation>Orten</translation>
    </message>
    <message>
        <source>Fully lock</source>
        <translation>Vollständig sperren</translation>
    </message>
    <message>
        <source>Partially lock</source>
        <translation>Teilweise sperren</translation>
    </message>
    <message>
        <source>Unlock device</source>
        <translation>Gerät entsperren</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>Daten löschen</translation>
    </message>
    <message>
        <source>Factory reset</source>
        <translation>Werksreset</translation>
    </message>
    <message>
        <source>Read DTCs</source>
        <translation>Fehlerspeicher lesen</translation>
    </message>
    <message>
        <source>Clear DTCs</source>
        <translation>Fehlerspeicher löschen</translation>
    </message>
    <message>
        <source>Lock the doors</source>
        <translation>Türen verriegeln</translation>
    </message>
    <message>
        <source>Unlock the doors</source>
        <translation>Türen entriegeln</translation>
    </message>
    <message>
        <source>Sound the horn and flash the lights, to find the vehicle in a car park</source>
        <translation>Hupen und Lichter blinken lassen, um das Fahrzeug auf einem Parkplatz zu finden</translation>
    </message>
    <message>
        <source>Open the trunk; the vehicle refuses above 3 km/h</source>
        <translation>Kofferraum öffnen; das Fahrzeug verweigert dies über 3 km/h</translation>
    </message>
    <message>
        <source>Pre-condition the cabin to the target temperature</source>
        <translation>Innenraum auf die Zieltemperatur vorklimatisieren</translation>
    </message>
    <message>
        <source>Switch the climate control off</source>
        <translation>Klimatisierung ausschalten</translation>
    </message>
    <message>
        <source>Start the engine remotely; the vehicle refuses while driving or with the doors unlocked</source>
        <translation>Motor aus der Ferne starten; das Fahrzeug verweigert dies während der Fahrt oder bei entriegelten Türen</translation>
    </message>
    <message>
        <source>Stop a remotely started engine</source>
        <translation>Einen aus der Ferne gestarteten Motor abstellen</translation>
    </message>
    <message>
        <source>Ask the vehicle for a fresh GPS position</source>
        <translation>Aktuelle GPS-Position vom Fahrzeug anfordern</translation>
    </message>
    <message>
        <source>LAWMO: lock the head unit completely (stolen vehicle)</source>
        <translation>LAWMO: Headunit vollständig sperren (gestohlenes Fahrzeug)</translation>
    </message>
    <message>
        <source>LAWMO: lock the head unit&apos;s user functions; emergency functions stay available</source>
        <translation>LAWMO: Benutzerfunktionen der Headunit sperren; Notfallfunktionen bleiben verfügbar</translation>
    </message>
    <message>
        <source>LAWMO: lift a full or partial lock</source>
        <translation>LAWMO: vollständige oder teilweise Sperre aufheben</translation>
    </message>
    <message>
        <source>LAWMO: erase the owner&apos;s data (profiles, paired phones, addresses); only when parked</source>
        <translation>LAWMO: Daten des Halters löschen (Profile, gekoppelte Telefone, Adressen); nur im geparkten Zustand</translation>
    </message>
    <message>
        <source>LAWMO: reset the head unit to its factory state; only when parked</source>
        <translation>LAWMO: Headunit auf Werkseinstellungen zurücksetzen; nur im geparkten Zustand</translation>
    </message>
    <message>
        <source>Read the diagnostic trouble codes the vehicle stores now</source>
        <translation>Die aktuell im Fahrzeug gespeicherten Diagnose-Fehlercodes auslesen</translation>
    </message>
    <message>
        <source>Clear the vehicle&apos;s stored diagnostic trouble codes</source>
        <translation>Die im Fahrzeug gespeicherten Diagnose-Fehlercodes löschen</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>verweigert</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Waiting for the vehicle&apos;s next session (at once when its notification channel is online)</source>
        <translation>Wartet auf die nächste Sitzung des Fahrzeugs (sofort, wenn sein Benachrichtigungskanal online ist)</translation>
    </message>
    <message>
        <source>Delivered to the vehicle; its answer has not arrived yet</source>
        <translation>An das Fahrzeug zugestellt; seine Antwort steht noch aus</translation>
    </message>
    <message>
        <source>The vehicle accepted it and reports the result when it is done</source>
        <translation>Das Fahrzeug hat ihn angenommen und meldet das Ergebnis, sobald er ausgeführt ist</translation>
    </message>
    <message>
        <source>The vehicle carried it out</source>
        <translation>Das Fahrzeug hat ihn ausgeführt</translation>
    </message>
    <message>
        <source>The vehicle could not carry it out</source>
        <translation>Das Fahrzeug konnte ihn nicht ausführen</translation>
    </message>
    <message>
        <source>The vehicle refused it: its current state does not allow it</source>
        <translation>Das Fahrzeug hat ihn verweigert: Sein aktueller Zustand lässt ihn nicht zu</translation>
    </message>
    <message>
        <source>Not delivered or not answered before it expired; it will never run</source>
        <translation>Vor Ablauf nicht zugestellt oder nicht beantwortet; er wird nie ausgeführt</translation>
    </message>
    <message>
        <source>Cancelled by an operator before delivery</source>
        <translation>Vor der Zustellung von einem Bediener abgebrochen</translation>
    </message>
    <message>
        <source>waits for the vehicle until %1</source>
        <translation>wartet bis %1 auf das Fahrzeug</translation>
    </message>
    <message>
        <source>after %1</source>
        <translation>nach %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Ergebnis: %1</translation>
    </message>
    <message>
        <source>Sent by %1 at %2</source>
        <translation>Gesendet von %1 am %2</translation>
    </message>
    <message>
        <source>Delivered at %1</source>
        <translation>Zugestellt am %1</translation>
    </message>
    <message>
        <source>Finished at %1 (%2)</source>
        <translation>Beendet am %1 (%2)</translation>
    </message>
    <message>
        <source>Expires at %1, in %2</source>
        <translation>Läuft ab am %1, in %2</translation>
    </message>
    <message>
        <source>Part of bulk send %1</source>
        <translation>Teil des Sammelversands %1</translation>
    </message>
    <message>
        <source>Command %1</source>
        <translation>Befehl %1</translation>
    </message>
    <message>
        <source>1 vehicle</source>
        <translation>1 Fahrzeug</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles</source>
        <translation>
            <numerusform>%n Fahrzeug</numerusform>
            <numerusform>%n Fahrzeuge</numerusform>
        </translation>
    </message>
    <message>
        <source>1 trouble code</source>
        <translation>1 Fehlercode</translation>
    </message>
    <message numerus="yes">
        <source>%n trouble codes</source>
        <translation>
            <numerusform>%n Fehlercode</numerusform>
            <numerusform>%n Fehlercodes</numerusform>
        </translation>
    </message>
    <message>
        <source>Fully locked</source>
        <translation>Vollständig gesperrt</translation>
    </message>
    <message>
        <source>Partially locked</source>
        <translation>Teilweise gesperrt</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Entsperrt</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DeltaBuilderDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>&amp;Cancel build</source>
        <translation>Erstellung a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Build deltas</source>
        <translation>Deltas erstellen</translation>
    </message>
    <message>
        <source>Every target gets a full payload. Deltas are much smaller: one per version a vehicle runs now. Each is rebuilt here and checked against the target&apos;s SHA-256 before vehicles get it; one that saves less than 10 % is not used.</source>
        <translation>Jedes Ziel erhält ein Vollpaket. Deltas sind viel kleiner: eines je Version, die ein Fahrzeug derzeit nutzt. Jedes wird hier nachgebaut und gegen die SHA-256-Prüfsumme des Ziels geprüft, bevor Fahrzeuge es erhalten; ein Delta, das weniger als 10 % einspart, wird nicht verwendet.</translation>
    </message>
    <message>
        <source>Build deltas from</source>
        <translation>Deltas erstellen ausgehend von</translation>
    </message>
    <message>
        <source>Version no vehicle runs yet</source>
        <translation>Version, die noch kein Fahrzeug nutzt</translation>
    </message>
    <message>
        <source>Versions of these targets&apos; images the console holds; deltas need the source image</source>
        <translation>Versionen der Images dieser Ziele, die in der Konsole vorliegen; Deltas benötigen das Quell-Image</translation>
    </message>
    <message>
        <source>Build the full payloads and the checked deltas that are not built yet</source>
        <translation>Die Vollpakete und die ausgewählten, noch nicht erstellten Deltas erstellen</translation>
    </message>
    <message>
        <source>Stop building this release&apos;s payloads; the ones already built stay</source>
        <translation>Erstellung der Pakete dieses Release stoppen; bereits erstellte bleiben erhalten</translation>
    </message>
    <message>
        <source>Nothing built for this release yet. Choose the versions and click Build; assigning the release to vehicles builds what they need too.</source>
        <translation>Für dieses Release wurde noch nichts erstellt. Wählen Sie die Versionen und klicken Sie auf „Erstellen“; auch das Zuweisen des Release an Fahrzeuge erstellt, was diese benötigen.</translation>
    </message>
    <message>
        <source>Release:</source>
        <translation>Release:</translation>
    </message>
    <message>
        <source>Add a version:</source>
        <translation>Version hinzufügen:</translation>
    </message>
    <message>
        <source>The release is not in the store any more.</source>
        <translation>Das Release ist nicht mehr im Datenbestand.</translation>
    </message>
    <message>
        <source>Could not read the release&apos;s build plan: %1</source>
        <translation>Der Erstellungsplan des Release konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1 (%2) → %3</translation>
    </message>
    <message>
        <source>The full payload of %1 is always built</source>
        <translation>Das Vollpaket von %1 wird immer erstellt</translation>
    </message>
    <message>
        <source>vehicles run it</source>
        <translation>von Fahrzeugen genutzt</translation>
    </message>
    <message>
        <source>no vehicle runs an older version the console has an image of</source>
        <translation>kein Fahrzeug nutzt eine ältere Version, von der die Konsole ein Image hat</translation>
    </message>
    <message>
        <source>This release has no targets.</source>
        <translation>Dieses Release hat keine Ziele.</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>The console holds no image of version %1 for these targets. Import a release with that version first: a delta is built from the image it starts from.</source>
        <translation>Die Konsole hat kein Image der Version %1 für diese Ziele. Importieren Sie zuerst ein Release mit dieser Version: Ein Delta wird aus dem Image erstellt, von dem es ausgeht.</translation>
    </message>
    <message>
        <source>Added %1 for %2.</source>
        <translation>%1 für %2 hinzugefügt.</translation>
    </message>
    <message>
        <source>Could not start the build: %1</source>
        <translation>Die Erstellung konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Everything checked is built already.</source>
        <translation>Alles Ausgewählte ist bereits erstellt.</translation>
    </message>
    <message numerus="yes">
        <source>%n payloads queued.</source>
        <translation>
            <numerusform>%n Paket eingereiht.</numerusform>
            <numerusform>%n Pakete eingereiht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the built payloads: %1</source>
        <translation>Die erstellten Pakete konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 payloads built; waiting for the builder…</source>
        <translation>%1 von %2 Paketen erstellt; warte auf den Build-Prozess…</translation>
    </message>
    <message>
        <source>%1 of %2 payloads built; now %3</source>
        <translation>%1 von %2 Paketen erstellt; jetzt %3</translation>
    </message>
    <message>
        <source>Build finished.</source>
        <translation>Erstellung abgeschlossen.</translation>
    </message>
    <message>
        <source>Check at least one version to build deltas from</source>
        <translation>Wählen Sie mindestens eine Version als Ausgangspunkt für Deltas</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DeltaTableModel</name>
    <message>
        <source>full image → %1</source>
        <translation>Voll-Image → %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The whole image, compressed; every vehicle can use it</source>
        <translation>Das gesamte Image, komprimiert; jedes Fahrzeug kann es verwenden</translation>
    </message>
    <message>
        <source>From the image with SHA-256 %1</source>
        <translation>Aus dem Image mit SHA-256 %1</translation>
    </message>
    <message>
        <source>How much smaller than the full payload (%1)</source>
        <translation>Wie viel kleiner als das Vollpaket (%1)</translation>
    </message>
    <message>
        <source>Memory a vehicle needs to apply it; vehicles that have less get a bigger payload</source>
        <translation>Speicher, den ein Fahrzeug zum Anwenden benötigt; Fahrzeuge mit weniger erhalten ein größeres Paket</translation>
    </message>
    <message>
        <source>Rebuilt on the console from the source image and matched against the target&apos;s SHA-256</source>
        <translation>In der Konsole aus dem Quell-Image nachgebaut und mit der SHA-256-Prüfsumme des Ziels abgeglichen</translation>
    </message>
    <message>
        <source>Built and verified, but not at least 10 % smaller than the full payload: vehicles get the full payload</source>
        <translation>Erstellt und verifiziert, aber nicht mindestens 10 % kleiner als das Vollpaket: Fahrzeuge erhalten das Vollpaket</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>From → to</source>
        <translation>Von → nach</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Einsparung</translation>
    </message>
    <message>
        <source>Build time</source>
        <translation>Erstellungsdauer</translation>
    </message>
    <message>
        <source>Apply memory</source>
        <translation>Speicherbedarf</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verifiziert</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>ECU or component the payload updates</source>
        <translation>Steuergerät oder Komponente, die das Paket aktualisiert</translation>
    </message>
    <message>
        <source>Version the payload applies to and the version it installs</source>
        <translation>Version, auf die das Paket angewendet wird, und die Version, die es installiert</translation>
    </message>
    <message>
        <source>Payload format: full-zstd (whole image), zstd-patch or x-… (deltas)</source>
        <translation>Paketformat: full-zstd (ganzes Image), zstd-patch oder x-… (Deltas)</translation>
    </message>
    <message>
        <source>Bytes a vehicle downloads</source>
        <translation>Bytes, die ein Fahrzeug herunterlädt</translation>
    </message>
    <message>
        <source>Saving against the full payload</source>
        <translation>Einsparung gegenüber dem Vollpaket</translation>
    </message>
    <message>
        <source>Time the console took to build and verify it</source>
        <translation>Zeit, die die Konsole zum Erstellen und Verifizieren benötigt hat</translation>
    </message>
    <message>
        <source>Memory a vehicle needs to apply it</source>
        <translation>Speicher, den ein Fahrzeug zum Anwenden benötigt</translation>
    </message>
    <message>
        <source>Rebuilt and matched against the target image&apos;s SHA-256</source>
        <translation>Nachgebaut und mit der SHA-256-Prüfsumme des Ziel-Images abgeglichen</translation>
    </message>
    <message>
        <source>Ready, not worth it (less than 10 % saving), failed, or still building</source>
        <translation>Bereit, nicht lohnend (weniger als 10 % Einsparung), fehlgeschlagen oder in Erstellung</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DestructiveCommandDialog</name>
    <message>
        <source>Wipe vehicle</source>
        <translation>Fahrzeugdaten löschen</translation>
    </message>
    <message>
        <source>Factory reset</source>
        <translation>Zurücksetzen auf Werkseinstellungen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Wipe the owner&apos;s data from %1?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Daten des Halters von %1 löschen?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reset %1 to its factory state?&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 auf Werkseinstellungen zurücksetzen?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The vehicle erases its owner&apos;s data: driver profiles, paired phones, saved addresses and app accounts. This cannot be undone. The vehicle refuses while it is not parked.</source>
        <translation>Das Fahrzeug löscht die Daten seines Halters: Fahrerprofile, gekoppelte Telefone, gespeicherte Adressen und App-Konten. Dies kann nicht rückgängig gemacht werden. Solange das Fahrzeug nicht geparkt ist, verweigert es den Befehl.</translation>
    </message>
    <message>
        <source>The head unit returns to its factory state: every setting and all of the owner&apos;s data are erased, and the owner must set the vehicle up again. This cannot be undone. The vehicle refuses while it is not parked.</source>
        <translation>Die Headunit wird auf Werkseinstellungen zurückgesetzt: Alle Einstellungen und sämtliche Daten des Halters werden gelöscht, und der Halter muss das Fahrzeug neu einrichten. Dies kann nicht rückgängig gemacht werden. Solange das Fahrzeug nicht geparkt ist, verweigert es den Befehl.</translation>
    </message>
    <message>
        <source>Type the VIN &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>Geben Sie zur Bestätigung die FIN &lt;b&gt;%1&lt;/b&gt; ein:</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>The vehicle&apos;s VIN, exactly as shown above</source>
        <translation>Die FIN des Fahrzeugs, genau wie oben angezeigt</translation>
    </message>
    <message>
        <source>Log in as an administrator to wipe or reset a vehicle.</source>
        <translation>Melden Sie sich als Administrator an, um die Daten eines Fahrzeugs zu löschen oder es zurückzusetzen.</translation>
    </message>
    <message>
        <source>Only an administrator may do this; you are logged in as %1 (%2).</source>
        <translation>Nur ein Administrator darf dies; Sie sind angemeldet als %1 (%2).</translation>
    </message>
    <message>
        <source>Type the VIN exactly, in capitals.</source>
        <translation>Geben Sie die FIN exakt in Großbuchstaben ein.</translation>
    </message>
    <message>
        <source>This is not the VIN of this vehicle.</source>
        <translation>Das ist nicht die FIN dieses Fahrzeugs.</translation>
    </message>
    <message>
        <source>Type the vehicle&apos;s VIN first</source>
        <translation>Geben Sie zuerst die FIN des Fahrzeugs ein</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DetailsTable</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DryRunModel</name>
    <message numerus="yes">
        <source>%n vehicle(s) in %1 wave(s)</source>
        <translation>
            <numerusform>%n Fahrzeug in %1 Welle(n)</numerusform>
            <numerusform>%n Fahrzeuge in %1 Welle(n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compatible</source>
        <translation>
            <numerusform>%n kompatibel</numerusform>
            <numerusform>%n kompatibel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n up to date</source>
        <translation>
            <numerusform>%n aktuell</numerusform>
            <numerusform>%n aktuell</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n blockiert</numerusform>
            <numerusform>%n blockiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to download</source>
        <translation>%1 herunterzuladen</translation>
    </message>
    <message numerus="yes">
        <source>%n delta(s) to build</source>
        <translation>
            <numerusform>%n Delta zu erstellen</numerusform>
            <numerusform>%n Deltas zu erstellen</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown VINs: %1</source>
        <translation>unbekannte FINs: %1</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>Welle</translation>
    </message>
    <message>
        <source>Compatible</source>
        <translation>Kompatibel</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Blockers</source>
        <translation>Hindernisse</translation>
    </message>
</context>
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
    <name>flotilla::ui::JobFeed</name>
    <message>
        <source>Could not load update jobs: %1</source>
        <translation>Update-Aufträge konnten nicht geladen werden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::LoginDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>Administrator anlegen</translation>
    </message>
    <message>
        <source>Log in to Flotilla</source>
        <translation>Bei Flotilla anmelden</translation>
    </message>
    <message>
        <source>This is the first start: create the administrator account. The administrator adds the other users and gives them roles.</source>
        <translation>Dies ist der erste Start: Legen Sie das Administratorkonto an. Der Administrator fügt die weiteren Benutzer hinzu und weist ihnen Rollen zu.</translation>
    </message>
    <message>
        <source>Log in with your Flotilla user name and password.</source>
        <translation>Melden Sie sich mit Ihrem Flotilla-Benutzernamen und Passwort an.</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Benutzername:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>mindestens %1 Zeichen</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Passwort wiederholen:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Geben Sie Ihren Benutzernamen und Ihr Passwort ein.</translation>
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
    <message>
        <source>Releases</source>
        <translation>Releases</translation>
    </message>
    <message>
        <source>Releases to roll out: import, deltas, assign (Ctrl+4)</source>
        <translation>Auszurollende Releases: Import, Deltas, Zuweisung (Strg+4)</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Kampagnen</translation>
    </message>
    <message>
        <source>Staged rollouts: plan, approve, follow (Ctrl+5)</source>
        <translation>Gestaffelte Rollouts: planen, freigeben, verfolgen (Strg+5)</translation>
    </message>
    <message>
        <source>&amp;Import Release…</source>
        <translation>Release &amp;importieren…</translation>
    </message>
    <message>
        <source>Import a release from a folder, or put one together from image files</source>
        <translation>Ein Release aus einem Ordner importieren oder aus Image-Dateien zusammenstellen</translation>
    </message>
    <message>
        <source>Re&amp;leases</source>
        <translation>Re&amp;leases</translation>
    </message>
    <message>
        <source>&amp;Campaigns</source>
        <translation>&amp;Kampagnen</translation>
    </message>
    <message>
        <source>Si&amp;gning Keys…</source>
        <translation>Si&amp;gnaturschlüssel…</translation>
    </message>
    <message>
        <source>Keys that sign update instructions, and their rotation</source>
        <translation>Schlüssel, die Update-Anweisungen signieren, und ihre Erneuerung</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>Bediener: %1 (%2)</translation>
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
    <message>
        <source>Blocking a vehicle needs the engineer or administrator role; you are logged in as %1 (%2)</source>
        <translation>Zum Sperren eines Fahrzeugs ist die Rolle Techniker oder Administrator erforderlich; Sie sind angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Block vehicle</source>
        <translation>Fahrzeug sperren</translation>
    </message>
    <message>
        <source>Why is %1 blocked? Its requests are refused and its connection is closed until it is unblocked. The reason is kept in the event log.</source>
        <translation>Warum wird %1 gesperrt? Seine Anfragen werden abgewiesen und seine Verbindung wird getrennt, bis es entsperrt wird. Der Grund wird im Ereignisprotokoll festgehalten.</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n vehicles blocked? Their requests are refused and their connections are closed until they are unblocked. The reason is kept in the event log.</source>
        <translation>
            <numerusform>Warum wird dieses %n Fahrzeug gesperrt? Seine Anfragen werden abgewiesen und seine Verbindung wird getrennt, bis es entsperrt wird. Der Grund wird im Ereignisprotokoll festgehalten.</numerusform>
            <numerusform>Warum werden diese %n Fahrzeuge gesperrt? Ihre Anfragen werden abgewiesen und ihre Verbindungen werden getrennt, bis sie entsperrt werden. Der Grund wird im Ereignisprotokoll festgehalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Blocked %1; its requests are refused until it is unblocked.</source>
        <translation>%1 gesperrt; seine Anfragen werden abgewiesen, bis es entsperrt wird.</translation>
    </message>
    <message numerus="yes">
        <source>Blocked %n vehicles.</source>
        <translation>
            <numerusform>%n Fahrzeug gesperrt.</numerusform>
            <numerusform>%n Fahrzeuge gesperrt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not block %1</source>
        <translation>Sperren nicht möglich: %1</translation>
    </message>
    <message>
        <source>Unblocked %1; it is accepted again.</source>
        <translation>%1 entsperrt; es ist wieder angenommen.</translation>
    </message>
    <message numerus="yes">
        <source>Unblocked %n vehicles.</source>
        <translation>
            <numerusform>%n Fahrzeug entsperrt.</numerusform>
            <numerusform>%n Fahrzeuge entsperrt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not unblock %1</source>
        <translation>Entsperren nicht möglich: %1</translation>
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
    <name>flotilla::ui::ReleaseDetailsPanel</name>
    <message>
        <source>Assign to vehicles…</source>
        <translation>Fahrzeugen zuweisen…</translation>
    </message>
    <message>
        <source>Choose vehicles to update to this release</source>
        <translation>Fahrzeuge wählen, die auf dieses Release aktualisiert werden sollen</translation>
    </message>
    <message>
        <source>Build deltas…</source>
        <translation>Deltas erstellen…</translation>
    </message>
    <message>
        <source>Build the payloads of this release: full images and deltas from the versions vehicles run</source>
        <translation>Die Pakete dieses Release erstellen: Voll-Images und Deltas ausgehend von den Versionen, die Fahrzeuge nutzen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Release counter</source>
        <translation>Release-Zähler</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Hardware IDs</source>
        <translation>Hardware-IDs</translation>
    </message>
    <message>
        <source>RXSWIN</source>
        <translation>RXSWIN</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>Vehicles refuse a release whose counter is lower than the one they run</source>
        <translation>Fahrzeuge verweigern ein Release, dessen Zähler niedriger ist als der des installierten</translation>
    </message>
    <message>
        <source>Regulation X Software Identification Numbers (UNECE R156) after the update</source>
        <translation>Regulation-X-Software-Identifikationsnummern (UNECE R156) nach dem Update</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>OEM signature</source>
        <translation>OEM-Signatur</translation>
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
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Select a value and press Ctrl+C to copy it</source>
        <translation>Wert auswählen und mit Strg+C kopieren</translation>
    </message>
    <message>
        <source>Image hashes</source>
        <translation>Image-Hashes</translation>
    </message>
    <message>
        <source>Preconditions</source>
        <translation>Vorbedingungen</translation>
    </message>
    <message>
        <source>DTCs to clear</source>
        <translation>Zu löschende DTCs</translation>
    </message>
    <message>
        <source>What the vehicle checks before it installs</source>
        <translation>Was das Fahrzeug vor der Installation prüft</translation>
    </message>
    <message>
        <source>Diagnostic trouble codes the vehicle clears after installing</source>
        <translation>Diagnose-Fehlercodes, die das Fahrzeug nach der Installation löscht</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>Installation</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Text shown to the owner</source>
        <translation>Dem Halter angezeigter Text</translation>
    </message>
    <message>
        <source>User texts</source>
        <translation>Benutzertexte</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fahrzeuge</translation>
    </message>
    <message>
        <source>Update jobs</source>
        <translation>Update-Aufträge</translation>
    </message>
    <message>
        <source>battery at least %1 %</source>
        <translation>Batterie mindestens %1 %</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>geparkt</translation>
    </message>
    <message>
        <source>ignition off</source>
        <translation>Zündung aus</translation>
    </message>
    <message>
        <source>no owner consent needed</source>
        <translation>keine Zustimmung des Halters nötig</translation>
    </message>
    <message>
        <source>owner consent required</source>
        <translation>Zustimmung des Halters erforderlich</translation>
    </message>
    <message>
        <source>Select a release to see its targets, hashes and update jobs.
Import one with Import….</source>
        <translation>Wählen Sie ein Release, um seine Ziele, Hashes und Update-Aufträge zu sehen.
Importieren Sie eines mit „Importieren…“.</translation>
    </message>
    <message>
        <source>Application (SCOMO components)</source>
        <translation>Anwendung (SCOMO-Komponenten)</translation>
    </message>
    <message>
        <source>Firmware (FUMO, ECU images)</source>
        <translation>Firmware (FUMO, Steuergeräte-Images)</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Valid: signed by the OEM, checked at import</source>
        <translation>Gültig: vom OEM signiert, beim Import geprüft</translation>
    </message>
    <message>
        <source>None: imported without an OEM signature</source>
        <translation>Keine: ohne OEM-Signatur importiert</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1 (%2 Bytes)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Could not load the update jobs: %1</source>
        <translation>Die Update-Aufträge konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Not assigned to any vehicle yet. Use Assign to vehicles….</source>
        <translation>Noch keinem Fahrzeug zugewiesen. Verwenden Sie „Fahrzeugen zuweisen…“.</translation>
    </message>
    <message>
        <source>%1 jobs, %2 of them still running.</source>
        <translation>%1 Aufträge, davon %2 noch aktiv.</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleaseImportDialog</name>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Import release</source>
        <translation>Release importieren</translation>
    </message>
    <message>
        <source>From a folder</source>
        <translation>Aus einem Ordner</translation>
    </message>
    <message>
        <source>Build here</source>
        <translation>Hier erstellen</translation>
    </message>
    <message>
        <source>Choose a folder that holds release.json, the image file of every target and, if the OEM signed the release, release.sig. The format is described in docs/releases.md.</source>
        <translation>Wählen Sie einen Ordner, der release.json, die Image-Datei jedes Ziels und – falls der OEM das Release signiert hat – release.sig enthält. Das Format ist in docs/releases.md beschrieben.</translation>
    </message>
    <message>
        <source>Folder with release.json</source>
        <translation>Ordner mit release.json</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
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
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>e.g. tbox-firmware</source>
        <translation>z. B. tbox-firmware</translation>
    </message>
    <message>
        <source>e.g. 5.2.0</source>
        <translation>z. B. 5.2.0</translation>
    </message>
    <message>
        <source>Vehicles refuse a release whose counter is lower than the one they run (no rollback)</source>
        <translation>Fahrzeuge verweigern ein Release, dessen Zähler niedriger ist als der des installierten (kein Rollback)</translation>
    </message>
    <message>
        <source>Firmware (FUMO, ECU images)</source>
        <translation>Firmware (FUMO, Steuergeräte-Images)</translation>
    </message>
    <message>
        <source>Application (SCOMO components)</source>
        <translation>Anwendung (SCOMO-Komponenten)</translation>
    </message>
    <message>
        <source>comma-separated; the images&apos; hardware IDs when empty</source>
        <translation>durch Kommas getrennt; leer: die Hardware-IDs der Images</translation>
    </message>
    <message>
        <source>comma-separated, e.g. R156-TB-52</source>
        <translation>durch Kommas getrennt, z. B. R156-TB-52</translation>
    </message>
    <message>
        <source>comma-separated, e.g. U0100, P0A80</source>
        <translation>durch Kommas getrennt, z. B. U0100, P0A80</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Release counter:</source>
        <translation>Release-Zähler:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Hardware IDs:</source>
        <translation>Hardware-IDs:</translation>
    </message>
    <message>
        <source>RXSWIN:</source>
        <translation>RXSWIN:</translation>
    </message>
    <message>
        <source>DTCs to clear:</source>
        <translation>Zu löschende DTCs:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Geparkt</translation>
    </message>
    <message>
        <source>Ignition off</source>
        <translation>Zündung aus</translation>
    </message>
    <message>
        <source>The owner must agree</source>
        <translation>Der Halter muss zustimmen</translation>
    </message>
    <message>
        <source>No consent needed</source>
        <translation>Keine Zustimmung nötig</translation>
    </message>
    <message>
        <source>Before installing, the vehicle checks</source>
        <translation>Vor der Installation prüft das Fahrzeug</translation>
    </message>
    <message>
        <source>Battery at least:</source>
        <translation>Batterie mindestens:</translation>
    </message>
    <message>
        <source>Owner consent:</source>
        <translation>Zustimmung des Halters:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Text shown to the owner</source>
        <translation>Dem Halter angezeigter Text</translation>
    </message>
    <message>
        <source>Add language</source>
        <translation>Sprache hinzufügen</translation>
    </message>
    <message>
        <source>One image per ECU (firmware) or component (application); type its ECU, hardware ID and the version it installs</source>
        <translation>Ein Image je Steuergerät (Firmware) oder Komponente (Anwendung); geben Sie Steuergerät, Hardware-ID und die zu installierende Version ein</translation>
    </message>
    <message>
        <source>Add &amp;image…</source>
        <translation>&amp;Image hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>What the vehicle tells its owner, per language:</source>
        <translation>Was das Fahrzeug seinem Halter mitteilt, je Sprache:</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>Images:</translation>
    </message>
    <message>
        <source>Choose the release folder</source>
        <translation>Release-Ordner wählen</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>Choose image files</source>
        <translation>Image-Dateien wählen</translation>
    </message>
    <message>
        <source>Give the release a name.</source>
        <translation>Geben Sie dem Release einen Namen.</translation>
    </message>
    <message>
        <source>Give the release a version.</source>
        <translation>Geben Sie dem Release eine Version.</translation>
    </message>
    <message>
        <source>Add at least one image with Add image….</source>
        <translation>Fügen Sie mit „Image hinzufügen…“ mindestens ein Image hinzu.</translation>
    </message>
    <message>
        <source>Image %1 needs its ECU, hardware ID and version.</source>
        <translation>Image %1 benötigt Steuergerät, Hardware-ID und Version.</translation>
    </message>
    <message>
        <source>Two images are for %1; a release has one image per ECU.</source>
        <translation>Zwei Images sind für %1; ein Release hat ein Image je Steuergerät.</translation>
    </message>
    <message>
        <source>Image %1 has no file.</source>
        <translation>Image %1 hat keine Datei.</translation>
    </message>
    <message>
        <source>Importing %1… Every image is copied into the console&apos;s store and hashed; large images take a while.</source>
        <translation>%1 wird importiert… Jedes Image wird in den Datenbestand der Konsole kopiert und gehasht; große Images dauern eine Weile.</translation>
    </message>
    <message>
        <source>Copying the images and importing %1 %2… Every image is hashed; large images take a while.</source>
        <translation>Images werden kopiert und %1 %2 wird importiert… Jedes Image wird gehasht; große Images dauern eine Weile.</translation>
    </message>
    <message>
        <source>The image file %1 for %2 does not exist.</source>
        <translation>Die Image-Datei %1 für %2 existiert nicht.</translation>
    </message>
    <message>
        <source>The image file %1 for %2 is empty.</source>
        <translation>Die Image-Datei %1 für %2 ist leer.</translation>
    </message>
    <message>
        <source>The release is incomplete or wrong: %1</source>
        <translation>Das Release ist unvollständig oder fehlerhaft: %1</translation>
    </message>
    <message>
        <source>Could not create a temporary folder: %1</source>
        <translation>Es konnte kein temporärer Ordner angelegt werden: %1</translation>
    </message>
    <message>
        <source>Could not write release.json: %1</source>
        <translation>release.json konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Could not copy %1 into the temporary folder.</source>
        <translation>%1 konnte nicht in den temporären Ordner kopiert werden.</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Imported %1.</source>
        <translation>%1 importiert.</translation>
    </message>
    <message>
        <source>Import the release in this folder</source>
        <translation>Das Release in diesem Ordner importieren</translation>
    </message>
    <message>
        <source>Write release.json with these images to a temporary folder and import it</source>
        <translation>release.json mit diesen Images in einen temporären Ordner schreiben und importieren</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>There is no release.json in this folder. Choose the folder that holds release.json and the image files, or put the release together on the “Build here” tab.</source>
        <translation>In diesem Ordner gibt es keine release.json. Wählen Sie den Ordner, der release.json und die Image-Dateien enthält, oder stellen Sie das Release auf der Registerkarte „Hier erstellen“ zusammen.</translation>
    </message>
    <message>
        <source>release.json cannot be read: %1</source>
        <translation>release.json kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>release.json is not valid JSON: %1 (at character %2).</source>
        <translation>release.json ist kein gültiges JSON: %1 (bei Zeichen %2).</translation>
    </message>
    <message>
        <source>release.json must hold one JSON object.</source>
        <translation>release.json muss genau ein JSON-Objekt enthalten.</translation>
    </message>
    <message>
        <source>release.json is incomplete or wrong: %1</source>
        <translation>release.json ist unvollständig oder fehlerhaft: %1</translation>
    </message>
    <message>
        <source>%1 · release counter %2 · %3 · for %4</source>
        <translation>%1 · Release-Zähler %2 · %3 · für %4</translation>
    </message>
    <message>
        <source>Signed: release.sig is checked against the OEM keys at import.</source>
        <translation>Signiert: release.sig wird beim Import gegen die OEM-Schlüssel geprüft.</translation>
    </message>
    <message>
        <source>Not signed by the OEM (no release.sig).</source>
        <translation>Nicht vom OEM signiert (keine release.sig).</translation>
    </message>
    <message>
        <source>The image %1 for %2 is not in the folder.</source>
        <translation>Das Image %1 für %2 fehlt im Ordner.</translation>
    </message>
    <message>
        <source>The image %1 for %2 is empty.</source>
        <translation>Das Image %1 für %2 ist leer.</translation>
    </message>
    <message>
        <source>A release %1 was imported before. A release never changes once imported: give this one a new version.</source>
        <translation>Ein Release %1 wurde bereits importiert. Ein importiertes Release ändert sich nie: Geben Sie diesem eine neue Version.</translation>
    </message>
    <message>
        <source>The release was refused: %1</source>
        <translation>Das Release wurde abgewiesen: %1</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>Der Import ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleaseTableModel</name>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>%1 (%2) → %3, %4</source>
        <translation>%1 (%2) → %3, %4</translation>
    </message>
    <message>
        <source>Signed by the OEM; key %1</source>
        <translation>Vom OEM signiert; Schlüssel %1</translation>
    </message>
    <message>
        <source>Imported without an OEM signature (release.sig)</source>
        <translation>Ohne OEM-Signatur importiert (release.sig)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Hardware IDs</source>
        <translation>Hardware-IDs</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>OEM signature</source>
        <translation>OEM-Signatur</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Release name from its manifest</source>
        <translation>Release-Name aus dem Manifest</translation>
    </message>
    <message>
        <source>Release version</source>
        <translation>Release-Version</translation>
    </message>
    <message>
        <source>Release counter: vehicles never install a release with a lower counter than they run</source>
        <translation>Release-Zähler: Fahrzeuge installieren nie ein Release mit niedrigerem Zähler als dem installierten</translation>
    </message>
    <message>
        <source>Firmware (FUMO, whole ECU images) or application (SCOMO, software components)</source>
        <translation>Firmware (FUMO, komplette Steuergeräte-Images) oder Anwendung (SCOMO, Softwarekomponenten)</translation>
    </message>
    <message>
        <source>Hardware the release is made for</source>
        <translation>Hardware, für die das Release bestimmt ist</translation>
    </message>
    <message>
        <source>ECUs or components the release installs</source>
        <translation>Steuergeräte oder Komponenten, die das Release installiert</translation>
    </message>
    <message>
        <source>Whether the OEM signed the release (checked at import)</source>
        <translation>Ob der OEM das Release signiert hat (beim Import geprüft)</translation>
    </message>
    <message>
        <source>When the release was imported</source>
        <translation>Zeitpunkt des Imports</translation>
    </message>
    <message>
        <source>Who imported it</source>
        <translation>Wer es importiert hat</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleasesPage</name>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Import a release from a folder with release.json, or put one together from image files</source>
        <translation>Ein Release aus einem Ordner mit release.json importieren oder aus Image-Dateien zusammenstellen</translation>
    </message>
    <message>
        <source>Filter by name, version, hardware ID or ECU</source>
        <translation>Nach Name, Version, Hardware-ID oder Steuergerät filtern</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Gültig</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>Releases werden geladen…</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>Die Releases konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No releases yet.
Import one with Import…: a folder with release.json and its images, or image files you pick.</source>
        <translation>Noch keine Releases.
Importieren Sie eines mit „Importieren…“: einen Ordner mit release.json und den Images oder ausgewählte Image-Dateien.</translation>
    </message>
    <message>
        <source>Releases: %1</source>
        <translation>Releases: %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>Imported release %1.</source>
        <translation>Release %1 importiert.</translation>
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
    <name>flotilla::ui::SigningKeysDialog</name>
    <message>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Vehicles with it</source>
        <translation>Fahrzeuge mit Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>&amp;Erneuern…</translation>
    </message>
    <message>
        <source>&amp;Promote…</source>
        <translation>&amp;Hochstufen…</translation>
    </message>
    <message>
        <source>Signing keys</source>
        <translation>Signaturschlüssel</translation>
    </message>
    <message>
        <source>The console signs every update instruction; vehicles install only what a key they trust signed. To replace the key without leaving any vehicle behind, rotate in two steps: Rotate makes a new key that signs alongside the active one and is sent to every vehicle at its next session; Promote, once the vehicles have it, makes the new key the only signer and retires the old one.</source>
        <translation>Die Konsole signiert jede Update-Anweisung; Fahrzeuge installieren nur, was ein Schlüssel signiert hat, dem sie vertrauen. Um den Schlüssel zu ersetzen, ohne ein Fahrzeug zurückzulassen, erneuern Sie ihn in zwei Schritten: „Erneuern“ erzeugt einen neuen Schlüssel, der neben dem aktiven signiert und jedem Fahrzeug in seiner nächsten Sitzung übermittelt wird; „Hochstufen“ macht den neuen Schlüssel, sobald die Fahrzeuge ihn haben, zum einzigen Signaturschlüssel und setzt den alten außer Kraft.</translation>
    </message>
    <message>
        <source>Step 1: make a new key and send it to the vehicles</source>
        <translation>Schritt 1: neuen Schlüssel erzeugen und an die Fahrzeuge senden</translation>
    </message>
    <message>
        <source>Step 2: make the new key the only signer</source>
        <translation>Schritt 2: neuen Schlüssel zum einzigen Signaturschlüssel machen</translation>
    </message>
    <message>
        <source>Could not read the signing keys: %1</source>
        <translation>Die Signaturschlüssel konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No rotation in progress. The active key signs every update instruction.</source>
        <translation>Keine Erneuerung im Gange. Der aktive Schlüssel signiert jede Update-Anweisung.</translation>
    </message>
    <message>
        <source>Ready to promote: all %1 accepted vehicles have the new key.</source>
        <translation>Bereit zum Hochstufen: Alle %1 angenommenen Fahrzeuge haben den neuen Schlüssel.</translation>
    </message>
    <message>
        <source>The new key reached %1 of %2 accepted vehicles. The others receive it at their next session; promote once they have it.</source>
        <translation>Der neue Schlüssel hat %1 von %2 angenommenen Fahrzeugen erreicht. Die anderen erhalten ihn in ihrer nächsten Sitzung; stufen Sie ihn hoch, sobald sie ihn haben.</translation>
    </message>
    <message>
        <source>Rotate signing key</source>
        <translation>Signaturschlüssel erneuern</translation>
    </message>
    <message>
        <source>Start a rotation of the instruction-signing key?</source>
        <translation>Eine Erneuerung des Schlüssels für Update-Anweisungen starten?</translation>
    </message>
    <message>
        <source>Step 1, now: a new key is made. It signs update instructions together with the active key, and every vehicle receives it at its next session. Nothing changes for the vehicles yet.

Step 2, later: Promote makes the new key the only signer and retires the old one. Promote once the vehicles have the new key; this dialog counts them.</source>
        <translation>Schritt 1, jetzt: Ein neuer Schlüssel wird erzeugt. Er signiert Update-Anweisungen zusammen mit dem aktiven Schlüssel, und jedes Fahrzeug erhält ihn in seiner nächsten Sitzung. Für die Fahrzeuge ändert sich noch nichts.

Schritt 2, später: „Hochstufen“ macht den neuen Schlüssel zum einzigen Signaturschlüssel und setzt den alten außer Kraft. Stufen Sie hoch, sobald die Fahrzeuge den neuen Schlüssel haben; dieser Dialog zählt sie.</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>Erneuern</translation>
    </message>
    <message>
        <source>Promote signing key</source>
        <translation>Signaturschlüssel hochstufen</translation>
    </message>
    <message>
        <source>Make the new key the only signer?</source>
        <translation>Den neuen Schlüssel zum einzigen Signaturschlüssel machen?</translation>
    </message>
    <message>
        <source>All %1 accepted vehicles have the new key. The old key is retired and signs nothing from now on.</source>
        <translation>Alle %1 angenommenen Fahrzeuge haben den neuen Schlüssel. Der alte Schlüssel wird außer Kraft gesetzt und signiert ab sofort nichts mehr.</translation>
    </message>
    <message>
        <source>Only %1 of %2 accepted vehicles have the new key. The others cannot verify update instructions until they receive it. The old key is retired and signs nothing from now on.</source>
        <translation>Nur %1 von %2 angenommenen Fahrzeugen haben den neuen Schlüssel. Die anderen können Update-Anweisungen erst prüfen, wenn sie ihn erhalten. Der alte Schlüssel wird außer Kraft gesetzt und signiert ab sofort nichts mehr.</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Hochstufen</translation>
    </message>
    <message>
        <source>Could not promote the key: %1</source>
        <translation>Der Schlüssel konnte nicht hochgestuft werden: %1</translation>
    </message>
    <message>
        <source>Could not rotate the key: %1</source>
        <translation>Der Schlüssel konnte nicht erneuert werden: %1</translation>
    </message>
    <message>
        <source>Signing key %1 is now the only signer.</source>
        <translation>Signaturschlüssel %1 ist jetzt der einzige Signaturschlüssel.</translation>
    </message>
    <message>
        <source>New signing key %1 is on its way to the vehicles.</source>
        <translation>Der neue Signaturschlüssel %1 wird an die Fahrzeuge verteilt.</translation>
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
    <message>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Benachrichtigt</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Wird heruntergeladen</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>Heruntergeladen</translation>
    </message>
    <message>
        <source>Awaiting consent</source>
        <translation>Wartet auf Zustimmung</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>Verschoben</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>Wird installiert</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Wird geprüft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Rollback erfolgt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Waiting for the vehicle&apos;s next session (and for its payload to be built)</source>
        <translation>Wartet auf die nächste Sitzung des Fahrzeugs (und auf die Erstellung seines Pakets)</translation>
    </message>
    <message>
        <source>The vehicle was sent the update instruction and asked to download it</source>
        <translation>Das Fahrzeug hat die Update-Anweisung erhalten und wurde zum Herunterladen aufgefordert</translation>
    </message>
    <message>
        <source>The vehicle is downloading the payload</source>
        <translation>Das Fahrzeug lädt das Paket herunter</translation>
    </message>
    <message>
        <source>The payload is on the vehicle; it checks the conditions for installing</source>
        <translation>Das Paket ist im Fahrzeug; es prüft die Voraussetzungen für die Installation</translation>
    </message>
    <message>
        <source>Waiting for the vehicle owner to agree to the installation</source>
        <translation>Wartet auf die Zustimmung des Fahrzeughalters zur Installation</translation>
    </message>
    <message>
        <source>The owner postponed the installation</source>
        <translation>Der Halter hat die Installation verschoben</translation>
    </message>
    <message>
        <source>A condition for installing is not met (battery, ignition, parking)</source>
        <translation>Eine Voraussetzung für die Installation ist nicht erfüllt (Batterie, Zündung, Parken)</translation>
    </message>
    <message>
        <source>The vehicle is installing the update; it finishes and reports even if cancelled</source>
        <translation>Das Fahrzeug installiert das Update; es schließt die Installation auch bei Abbruch ab und meldet das Ergebnis</translation>
    </message>
    <message>
        <source>The vehicle reported success; the console waits to read the new version back</source>
        <translation>Das Fahrzeug hat Erfolg gemeldet; die Konsole wartet darauf, die neue Version zurückzulesen</translation>
    </message>
    <message>
        <source>Installed, and the vehicle reports the new version</source>
        <translation>Installiert; das Fahrzeug meldet die neue Version</translation>
    </message>
    <message>
        <source>The update failed; see the result code and reason</source>
        <translation>Das Update ist fehlgeschlagen; siehe Ergebniscode und Grund</translation>
    </message>
    <message>
        <source>The installation failed and the vehicle went back to its previous software</source>
        <translation>Die Installation ist fehlgeschlagen und das Fahrzeug ist zur vorherigen Software zurückgekehrt</translation>
    </message>
    <message>
        <source>Cancelled by an operator</source>
        <translation>Von einem Bediener abgebrochen</translation>
    </message>
    <message>
        <source>The update instruction expired before the vehicle installed it</source>
        <translation>Die Update-Anweisung ist abgelaufen, bevor das Fahrzeug sie installiert hat</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>In Erstellung</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Not worth it</source>
        <translation>Nicht lohnend</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nachfolger</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Außer Kraft</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>Firmware</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Blocked</source>
        <comment>update job waiting for a precondition</comment>
        <translation>Blockiert</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::UpdateController</name>
    <message>
        <source>Cancel update</source>
        <translation>Update abbrechen</translation>
    </message>
    <message>
        <source>Cancel update job %1 of %2?</source>
        <translation>Update-Auftrag %1 von %2 abbrechen?</translation>
    </message>
    <message>
        <source>The vehicle stops at its next session and keeps the software it runs. A vehicle that has started installing finishes and reports; such a job can no longer be cancelled.</source>
        <translation>Das Fahrzeug bricht in seiner nächsten Sitzung ab und behält seine aktuelle Software. Ein Fahrzeug, das bereits installiert, schließt die Installation ab und meldet das Ergebnis; ein solcher Auftrag kann nicht mehr abgebrochen werden.</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Beibehalten</translation>
    </message>
    <message>
        <source>Could not cancel update job %1 of %2: %3</source>
        <translation>Update-Auftrag %1 von %2 konnte nicht abgebrochen werden: %3</translation>
    </message>
    <message>
        <source>Cancelled update job %1 of %2.</source>
        <translation>Update-Auftrag %1 von %2 abgebrochen.</translation>
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
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Update…</source>
        <translation>Update…</translation>
    </message>
    <message>
        <source>Assign a release to this vehicle</source>
        <translation>Diesem Fahrzeug ein Release zuweisen</translation>
    </message>
    <message>
        <source>Cancel update…</source>
        <translation>Update abbrechen…</translation>
    </message>
    <message>
        <source>Cancel the vehicle&apos;s update job; a vehicle already installing finishes and reports</source>
        <translation>Update-Auftrag des Fahrzeugs abbrechen; ein Fahrzeug, das bereits installiert, schließt ab und meldet das Ergebnis</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>Updates</translation>
    </message>
    <message>
        <source>Only accepted vehicles can be updated</source>
        <translation>Nur angenommene Fahrzeuge können aktualisiert werden</translation>
    </message>
    <message>
        <source>Could not load the update jobs: %1</source>
        <translation>Die Update-Aufträge konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>No update was assigned to this vehicle yet.</source>
        <translation>Diesem Fahrzeug wurde noch kein Update zugewiesen.</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>Release %1</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>Update job %1, assigned %2 by %3</source>
        <translation>Update-Auftrag %1, zugewiesen am %2 von %3</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>%1 of %2 served</source>
        <translation>%1 von %2 ausgeliefert</translation>
    </message>
    <message>
        <source>Postponed until</source>
        <translation>Verschoben bis</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>not OK</source>
        <translation>nicht OK</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Rollback</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Durations</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>download %1 · install %2 · total %3</source>
        <translation>Download %1 · Installation %2 · gesamt %3</translation>
    </message>
    <message>
        <source>DTCs cleared</source>
        <translation>DTCs gelöscht</translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>Sperren…</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Block this vehicle: its requests are refused and its connection is closed until it is unblocked; you will be asked for a reason</source>
        <translation>Dieses Fahrzeug sperren: Seine Anfragen werden abgewiesen und seine Verbindung wird getrennt, bis es entsperrt wird; Sie werden nach einem Grund gefragt</translation>
    </message>
    <message>
        <source>Unblock this vehicle: it is accepted again and its token works again</source>
        <translation>Dieses Fahrzeug entsperren: Es ist wieder angenommen, und sein Token gilt wieder</translation>
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
    <name>flotilla::ui::VehicleRemotePanel</name>
    <message>
        <source>Vehicle status</source>
        <translation>Fahrzeugstatus</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>Türen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Motor</translation>
    </message>
    <message>
        <source>Climate</source>
        <translation>Klimatisierung</translation>
    </message>
    <message>
        <source>Trunk</source>
        <translation>Kofferraum</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batterie</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Gear</source>
        <translation>Fahrstufe</translation>
    </message>
    <message>
        <source>Ignition</source>
        <translation>Zündung</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>Befehle</translation>
    </message>
    <message>
        <source> °C</source>
        <translation> °C</translation>
    </message>
    <message>
        <source>Cabin temperature Climate on aims for (16-28 °C)</source>
        <translation>Innenraumtemperatur, die „Klimatisierung ein“ anstrebt (16-28 °C)</translation>
    </message>
    <message>
        <source>Lock and wipe (LAWMO)</source>
        <translation>Sperren und Löschen (LAWMO)</translation>
    </message>
    <message>
        <source>Diagnostic trouble codes</source>
        <translation>Diagnose-Fehlercodes</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>ECU</source>
        <translation>Steuergerät</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>Zuerst erkannt</translation>
    </message>
    <message>
        <source>Command history</source>
        <translation>Befehlsverlauf</translation>
    </message>
    <message>
        <source>No command was sent to this vehicle yet.</source>
        <translation>An dieses Fahrzeug wurde noch kein Befehl gesendet.</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Select a vehicle to see its status and send it commands.</source>
        <translation>Wählen Sie ein Fahrzeug, um seinen Status zu sehen und ihm Befehle zu senden.</translation>
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
        <source>Could not load the commands: %1</source>
        <translation>Die Befehle konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>verriegelt</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>entriegelt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>on, %1 °C</source>
        <translation>ein, %1 °C</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 km/h</source>
        <translation>%1 km/h</translation>
    </message>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;%2&quot;&gt;map&lt;/a&gt; · %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;%2&quot;&gt;Karte&lt;/a&gt; · %3</translation>
    </message>
    <message>
        <source>located %1</source>
        <translation>geortet %1</translation>
    </message>
    <message>
        <source>Open the position on openstreetmap.org</source>
        <translation>Position auf openstreetmap.org öffnen</translation>
    </message>
    <message>
        <source>As reported by the vehicle at %1 (%2).</source>
        <translation>Vom Fahrzeug gemeldet am %1 (%2).</translation>
    </message>
    <message>
        <source>The vehicle has not reported its status yet; it does with its first full inventory or after a command.</source>
        <translation>Das Fahrzeug hat seinen Status noch nicht gemeldet; das geschieht mit seiner ersten vollständigen Bestandsmeldung oder nach einem Befehl.</translation>
    </message>
    <message>
        <source>State: &lt;b&gt;%1&lt;/b&gt; (%2) · as of %3</source>
        <translation>Zustand: &lt;b&gt;%1&lt;/b&gt; (%2) · Stand %3</translation>
    </message>
    <message>
        <source>State: not reported yet</source>
        <translation>Zustand: noch nicht gemeldet</translation>
    </message>
    <message>
        <source>● Channel online</source>
        <translation>● Kanal online</translation>
    </message>
    <message>
        <source>○ Channel offline</source>
        <translation>○ Kanal offline</translation>
    </message>
    <message>
        <source>The vehicle keeps its notification channel open: a command reaches it within a second</source>
        <translation>Das Fahrzeug hält seinen Benachrichtigungskanal offen: Ein Befehl erreicht es innerhalb einer Sekunde</translation>
    </message>
    <message>
        <source>The vehicle has no notification channel open: a command waits for its next check-in</source>
        <translation>Das Fahrzeug hat keinen Benachrichtigungskanal offen: Ein Befehl wartet auf seine nächste Meldung</translation>
    </message>
    <message>
        <source>The vehicle has not reported its trouble codes yet: Read DTCs asks for them.</source>
        <translation>Das Fahrzeug hat seine Fehlercodes noch nicht gemeldet: „Fehlerspeicher lesen“ fragt sie ab.</translation>
    </message>
    <message>
        <source>No trouble codes stored (as of %1).</source>
        <translation>Keine Fehlercodes gespeichert (Stand %1).</translation>
    </message>
    <message>
        <source>%1 stored, as of %2.</source>
        <translation>%1 gespeichert, Stand %2.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>This vehicle is %1: only accepted vehicles take commands.</source>
        <translation>Dieses Fahrzeug ist im Zustand „%1“: Nur angenommene Fahrzeuge nehmen Befehle an.</translation>
    </message>
    <message>
        <source>The vehicle&apos;s notification channel is offline: a command will run at its next check-in, and expires in %1 if that does not come first.</source>
        <translation>Der Benachrichtigungskanal des Fahrzeugs ist offline: Ein Befehl wird bei seiner nächsten Meldung ausgeführt und läuft nach %1 ab, falls diese nicht vorher erfolgt.</translation>
    </message>
    <message>
        <source>Loading the vehicle…</source>
        <translation>Fahrzeug wird geladen…</translation>
    </message>
    <message>
        <source>Only accepted vehicles take commands; this one is %1</source>
        <translation>Nur angenommene Fahrzeuge nehmen Befehle an; dieses ist im Zustand „%1“</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>The channel is offline: it will run at the vehicle&apos;s next check-in, and expires in %1 if that does not come first.</source>
        <translation>Der Kanal ist offline: Der Befehl wird bei der nächsten Meldung des Fahrzeugs ausgeführt und läuft nach %1 ab, falls diese nicht vorher erfolgt.</translation>
    </message>
    <message>
        <source>Last time:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>wird gesendet…</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>nicht gesendet: %1</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>noch nicht gesendet</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 · expires in %2</source>
        <translation>%1 · läuft ab in %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
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
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>No update assigned to this vehicle</source>
        <translation>Diesem Fahrzeug ist kein Update zugewiesen</translation>
    </message>
    <message>
        <source>Notification channel online: commands reach the vehicle at once</source>
        <translation>Benachrichtigungskanal online: Befehle erreichen das Fahrzeug sofort</translation>
    </message>
    <message>
        <source>Notification channel offline: commands wait for the vehicle&apos;s next check-in</source>
        <translation>Benachrichtigungskanal offline: Befehle warten auf die nächste Meldung des Fahrzeugs</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>State of the vehicle&apos;s newest update job, with its progress while downloading or installing</source>
        <translation>Zustand des neuesten Update-Auftrags des Fahrzeugs, mit Fortschritt beim Herunterladen oder Installieren</translation>
    </message>
    <message>
        <source>Whether the vehicle&apos;s notification channel is open: online vehicles run commands at once, offline ones at their next check-in</source>
        <translation>Ob der Benachrichtigungskanal des Fahrzeugs offen ist: Online-Fahrzeuge führen Befehle sofort aus, Offline-Fahrzeuge bei ihrer nächsten Meldung</translation>
    </message>
    <message>
        <source>%1 %2 % · %3</source>
        <translation>%1 %2 % · %3</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>Update job %1: %2</source>
        <translation>Update-Auftrag %1: %2</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>Release %1</translation>
    </message>
    <message>
        <source>Served %1 of %2</source>
        <translation>%1 von %2 ausgeliefert</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Ergebnis: %1</translation>
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
    <message>
        <source>&amp;Update…</source>
        <translation>&amp;Update…</translation>
    </message>
    <message>
        <source>&amp;Command…</source>
        <translation>&amp;Befehl…</translation>
    </message>
    <message>
        <source>Show only vehicles whose notification channel is online, or offline</source>
        <translation>Nur Fahrzeuge anzeigen, deren Benachrichtigungskanal online bzw. offline ist</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <source>Channel online</source>
        <translation>Kanal online</translation>
    </message>
    <message>
        <source>Channel offline</source>
        <translation>Kanal offline</translation>
    </message>
    <message>
        <source>Assign a release to the selected vehicles</source>
        <translation>Den ausgewählten Fahrzeugen ein Release zuweisen</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Fernsteuerung</translation>
    </message>
    <message>
        <source>Identity, software, update jobs, sessions and events of the vehicle</source>
        <translation>Identität, Software, Update-Aufträge, Sitzungen und Ereignisse des Fahrzeugs</translation>
    </message>
    <message>
        <source>The vehicle&apos;s status and remote commands: locks, climate, engine, location, LAWMO, trouble codes</source>
        <translation>Status und Fernbefehle des Fahrzeugs: Verriegelung, Klimatisierung, Motor, Position, LAWMO, Fehlercodes</translation>
    </message>
    <message numerus="yes">
        <source>Assign a release to the %n selected vehicles</source>
        <translation>
            <numerusform>Dem %n ausgewählten Fahrzeug ein Release zuweisen</numerusform>
            <numerusform>Den %n ausgewählten Fahrzeugen ein Release zuweisen</numerusform>
        </translation>
    </message>
    <message>
        <source>Select vehicles to update first</source>
        <translation>Wählen Sie zuerst die zu aktualisierenden Fahrzeuge</translation>
    </message>
    <message numerus="yes">
        <source>Send a remote command to the %n selected vehicles</source>
        <translation>
            <numerusform>Einen Fernbefehl an das %n ausgewählte Fahrzeug senden</numerusform>
            <numerusform>Einen Fernbefehl an die %n ausgewählten Fahrzeuge senden</numerusform>
        </translation>
    </message>
    <message>
        <source>Select vehicles to send a command to first</source>
        <translation>Wählen Sie zuerst die Fahrzeuge, an die ein Befehl gehen soll</translation>
    </message>
    <message numerus="yes">
        <source>Update %n vehicles…</source>
        <translation>
            <numerusform>%n Fahrzeug aktualisieren…</numerusform>
            <numerusform>%n Fahrzeuge aktualisieren…</numerusform>
        </translation>
    </message>
    <message>
        <source>Update…</source>
        <translation>Update…</translation>
    </message>
    <message numerus="yes">
        <source>Send a command to %n vehicles…</source>
        <translation>
            <numerusform>Befehl an %n Fahrzeug senden…</numerusform>
            <numerusform>Befehl an %n Fahrzeuge senden…</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a command…</source>
        <translation>Befehl senden…</translation>
    </message>
    <message numerus="yes">
        <source>Block %n vehicles…</source>
        <translation>
            <numerusform>%n Fahrzeug sperren…</numerusform>
            <numerusform>%n Fahrzeuge sperren…</numerusform>
        </translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>Sperren…</translation>
    </message>
    <message numerus="yes">
        <source>Unblock %n vehicles</source>
        <translation>
            <numerusform>%n Fahrzeug entsperren</numerusform>
            <numerusform>%n Fahrzeuge entsperren</numerusform>
        </translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Entsperren</translation>
    </message>
</context>
</TS>
